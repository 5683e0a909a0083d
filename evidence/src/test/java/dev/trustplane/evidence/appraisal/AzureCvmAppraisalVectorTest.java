package dev.trustplane.evidence.appraisal;

import static dev.trustplane.evidence.appraisal.Inputs.HEX;
import static dev.trustplane.evidence.appraisal.Inputs.claim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every Azure CVM vector of vectors/MANIFEST.md appraised end to end through the facade: SNP report
 * with its VCEK chain, VMPL 0, runtime-data binding, vTPM quote with HCLAkPub and the nonce; expected
 * values from the manifest.
 */
class AzureCvmAppraisalVectorTest {
    private static final String CHALLENGE = "6368616c6c656e6765";
    private static final List<Integer> ALL_PCRS = IntStream.range(0, 24).boxed().toList();

    @Test
    void milan_hcl_report_quote_and_thim_chain_as_separate_files() {
        AppraisalResult r = Inputs.appraise(Inputs.options().withNonce(HEX.parseHex(CHALLENGE)),
                "azure-cvm/snp-milan-hcl-report.bin", "azure-cvm/snp-milan-vtpm-quote.bincode",
                "azure-cvm/snp-milan-vcek-chain.pem");
        assertGenuine(r, new Expected("911B0EF8-9DBA-48B0-B275-4E4DF2D39252",
                "9ac48fcac8a2d88aeeff8d427ad4f2be0e3917c748a18bdf52cc317e7fe20308b459d5ef1a12e0c22944eb386d17c315",
                "b3fbad6514c83caeb0380882145e49f794229ef37c421b91fc47ff93556bafac", 5, 2, "Milan", 3, 8, 115,
                "0356215882a825279a85b300b0b742931d113bf7e32dde2e50ffde7ec743ca491ecdd7f336dc28a6e0b2bb57af7a44a3",
                CHALLENGE, "0daff74c2fca14910b1e9b54a384707434c3365db9f163cc73a39a9f7500833f", 1, 0));
        assertThat(claim(r, "x-ms-isolation-tee", "x-ms-runtime", "vm-configuration"))
                .isEqualTo(Map.of("console-enabled", true, "secure-boot", true, "tpm-enabled", true,
                        "vmUniqueId", "911B0EF8-9DBA-48B0-B275-4E4DF2D39252"));
    }

    @Test
    void genoa_trustee_json_with_the_genoa_ask_beside_it() {
        String nonce = "0218488bae25d2509232bf676f1a66a30d7372add909109b36016ef136f2938ca05475f8b46094de6b64270ea35d950f";
        AppraisalResult r = Inputs.appraise(Inputs.options().withNonce(HEX.parseHex(nonce)),
                "azure-cvm/snp-genoa-evidence.json", "roots/amd-genoa-ask-ark.pem");
        assertGenuine(r, new Expected("390CBCF5-6C67-4D9B-98EF-C3F1699CC8FC",
                "f57dc09a507c6ecd82369bffb600f0003792f4d99bc26e985ec0c266fc34faf3706faf814c9e61065768a6ff917c89ae",
                "b581f12e29a2d7d64e5e0b738d563879a78b51c644d0fa0cce02b48699f6bf5f", 65547, 3, "Genoa", 10, 23, 84,
                "942fd93ebde6ea7a96efadeafc60f1c6b3d10e703b1dafd7555b92f7f3d32d0e006767648cba5b102af3d65756af4177",
                nonce, "2b30a66d715a7801b86d7912b710838bd3bd8d9aeec7c7135563f938cf8b3399", 2, 0));
        assertThat(claim(r, "x-ms-isolation-tee", "x-ms-runtime", "vm-configuration", "root-cert-thumbprint"))
                .isEqualTo("6nZZnYaJc4KqUZ_yvA-mucFdYNouvlPnITnNMXsHl-0");
    }

    @Test
    void milan_trustee_v2_json_binds_the_nonce_in_quote_and_user_data() {
        String nonce = "982f5c6e45df0ed3f10b6f60b02f0c8390e281300f3805e2279c16168cd6ae9aa398f647caa2338748cd0fd9f5f819ef";
        AppraisalResult r = Inputs.appraise(Inputs.options().withNonce(HEX.parseHex(nonce)),
                "azure-cvm/snp-milan-nonce-evidence-v2.json", "roots/amd-milan-ask-ark.pem");
        assertGenuine(r, new Expected("7DF7B373-B947-4AAA-96E5-C358F2A03D20",
                "5b0ce64ad1c1f6375dbda5f760b98526ca1bcf91b8195091afc28e7b024251d68fe32e05af34048d6607678cd23283ff",
                "cf7cc0731c50f64876804b3943b2bfbd93dba69f5928e3df223e78ff34dd46ee", 12, 3, "Milan", 4, 24, 219,
                "942fd93ebde6ea7a96efadeafc60f1c6b3d10e703b1dafd7555b92f7f3d32d0e006767648cba5b102af3d65756af4177",
                nonce, "2304510eb15046d5c940e957b6ac93bc805e3ffcadb38e0a1b95442e552cb004", 1, 2));
        assertThat(r.claims()).containsEntry("azure-hcl-user-data", nonce + "00".repeat(16));
    }

    @Test
    void nonce_mismatch_is_REPORT_DATA_MISMATCH_in_quote_and_user_data() {
        AppraisalResult r = Inputs.appraise(Inputs.options().withNonce(HEX.parseHex("00112233")),
                "azure-cvm/snp-milan-nonce-evidence-v2.json", "roots/amd-milan-ask-ark.pem");
        assertThat(r.genuine()).isFalse();
        assertThat(r.reasons()).extracting(Reason::code)
                .containsExactly(ReasonCode.REPORT_DATA_MISMATCH, ReasonCode.REPORT_DATA_MISMATCH);
        assertThat(r.reasons()).extracting(Reason::detail)
                .anyMatch(d -> d.contains("user-data")).anyMatch(d -> d.contains("extraData"));
    }

    @Test
    void trustee_json_without_the_ask_and_no_store_is_COLLATERAL_UNAVAILABLE() {
        AppraisalResult r = Inputs.appraise(Inputs.options(), "azure-cvm/snp-genoa-evidence.json");
        assertThat(r.reasons()).extracting(Reason::code).containsExactly(ReasonCode.COLLATERAL_UNAVAILABLE);
        assertThat(claim(r, "x-ms-isolation-tee", "x-ms-sevsnpvm-launchmeasurement")).asString().startsWith("f57dc09a");
    }

    @Test
    void kinvolk_report_with_another_chips_vcek_fails_signature_and_hwid_but_binds_its_runtime_data() {
        AppraisalResult r = Inputs.appraise(Inputs.options(), "azure-cvm/snp-milan-v2-kinvolk-hcl-report.bin",
                "azure-cvm/snp-kinvolk-wrong-vcek-chain.pem");
        assertThat(r.evidenceType()).isEqualTo("azure-cvm-snp");
        assertThat(r.reasons()).extracting(Reason::code).containsExactly(
                ReasonCode.SIGNATURE_INVALID, ReasonCode.HWID_MISMATCH, ReasonCode.MALFORMED);
        assertThat(r.reasons().getLast().detail()).contains("vTPM quote missing");
        assertThat(r.claims()).containsEntry("x-ms-azurevm-vmid", "BAEFD3E1-184B-4C4C-AB88-0BDAD260505F")
                .containsEntry("azure-hcl-runtime-data-sha256", "1d0a466a9eed975e88f889f7aed4abc1c97e87c4f43e5e3478c9a4a5853cbd7d")
                .doesNotContainKey("tpm-nonce");
        assertThat(claim(r, "x-ms-isolation-tee", "x-ms-runtime", "vm-configuration", "current-time")).isEqualTo(1678652405);
    }

    @Test
    void tdx_hcl_report_is_checked_as_far_as_possible_and_asks_for_the_td_quote() {
        AppraisalResult r = Inputs.appraise(Inputs.options().withNonce(HEX.parseHex(CHALLENGE)),
                "azure-cvm/tdx-hcl-report.bin", "azure-cvm/tdx-vtpm-quote.bincode");
        assertThat(r.evidenceType()).isEqualTo("azure-cvm-tdx");
        assertThat(r.reasons()).extracting(Reason::code).containsExactly(ReasonCode.COLLATERAL_UNAVAILABLE);
        assertThat(r.reasons().getFirst().detail()).contains("TD quote");
        assertTdxClaims(r);
    }

    @Test
    void tdx_hcl_report_with_its_td_quote_matches_reportdata_but_is_not_genuine_until_tdx_verification_exists() {
        AppraisalResult r = Inputs.appraise(Inputs.options().withNonce(HEX.parseHex(CHALLENGE)),
                "azure-cvm/tdx-hcl-report.bin", "azure-cvm/tdx-vtpm-quote.bincode", "azure-cvm/tdx-td-quote.dat");
        assertThat(r.reasons()).extracting(Reason::code).containsExactly(ReasonCode.UNSUPPORTED_VERSION);
        assertThat(r.reasons().getFirst().detail()).contains("td_quote signature");
        assertTdxClaims(r);
    }

    private static void assertTdxClaims(AppraisalResult r) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(claim(r, "x-ms-isolation-tee", "x-ms-attestation-type")).isEqualTo("tdxvm");
        soft.assertThat(claim(r, "x-ms-isolation-tee", "tdx_mrtd")).isEqualTo(
                "024a32b070383331181619fa387cb4d55d1e38879f989933055ccad5bc2db795d1737b66205949d15469dc8c1ba7ab7b");
        soft.assertThat(claim(r, "x-ms-isolation-tee", "tdx_report_data"))
                .isEqualTo("9734504f161d104c74e3165c15f779b06a9bb40dfa71937817d7eee68e593839" + "00".repeat(32));
        soft.assertThat(claim(r, "x-ms-isolation-tee", "tdx_rtmr0")).isEqualTo("00".repeat(48));
        soft.assertThat(claim(r, "x-ms-isolation-tee", "tdx_td_attributes")).isEqualTo("0000000000000000");
        soft.assertThat(r.claims()).containsEntry("x-ms-azurevm-vmid", "6332533D-5649-4D02-8AA7-8F64B7C3EE21")
                .containsEntry("x-ms-azurevm-attested-pcrs", ALL_PCRS)
                .containsEntry("tpm-nonce", CHALLENGE)
                .containsEntry("tpm-pcr-digest", "6c0e21d918212d57872a752bcf358355d508d1d5b8cb632259b898b15f9f658d");
        soft.assertAll();
    }

    record Expected(String vmid, String measurement, String runtimeSha256, long guestSvn, int version, String product,
            int bootloader, int snpfw, int microcode, String idKeyDigest, String nonce, String pcrDigest,
            int hclVersion, int format) {}

    private static void assertGenuine(AppraisalResult r, Expected e) {
        assertThat(r.reasons()).isEmpty();
        assertThat(r.genuine()).isTrue();
        assertThat(r.evidenceType()).isEqualTo("azure-cvm-snp");
        assertThat(r.warnings()).extracting(Reason::code).containsExactly(ReasonCode.CRL_NOT_CHECKED);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(r.claims()).containsEntry("x-ms-attestation-type", "azurevm")
                .containsEntry("x-ms-azurevm-vmid", e.vmid())
                .containsEntry("x-ms-azurevm-attested-pcrs", ALL_PCRS)
                .containsEntry("azure-hcl-version", e.hclVersion())
                .containsEntry("azure-hcl-report-type", "SNP")
                .containsEntry("azure-hcl-evidence-format", e.format())
                .containsEntry("azure-hcl-runtime-data-sha256", e.runtimeSha256())
                .containsEntry("tpm-nonce", e.nonce())
                .containsEntry("tpm-pcr-digest", e.pcrDigest())
                .containsEntry("tpm-signature-scheme", "RSASSA/SHA256");
        soft.assertThat((Map<?, ?>) claim(r, "tpm-pcrs", "sha256")).hasSize(24);
        soft.assertThat(claim(r, "x-ms-isolation-tee", "x-ms-attestation-type")).isEqualTo("sevsnpvm");
        soft.assertThat(claim(r, "x-ms-isolation-tee", "x-ms-sevsnpvm-launchmeasurement")).isEqualTo(e.measurement());
        soft.assertThat(claim(r, "x-ms-isolation-tee", "x-ms-sevsnpvm-reportdata")).isEqualTo(e.runtimeSha256() + "00".repeat(32));
        soft.assertThat(claim(r, "x-ms-isolation-tee", "x-ms-sevsnpvm-vmpl")).isEqualTo(0L);
        soft.assertThat(claim(r, "x-ms-isolation-tee", "x-ms-sevsnpvm-guestsvn")).isEqualTo(e.guestSvn());
        soft.assertThat(claim(r, "x-ms-isolation-tee", "x-ms-sevsnpvm-is-debuggable")).isEqualTo(false);
        soft.assertThat(claim(r, "x-ms-isolation-tee", "x-ms-sevsnpvm-bootloader-svn")).isEqualTo(e.bootloader());
        soft.assertThat(claim(r, "x-ms-isolation-tee", "x-ms-sevsnpvm-snpfw-svn")).isEqualTo(e.snpfw());
        soft.assertThat(claim(r, "x-ms-isolation-tee", "x-ms-sevsnpvm-microcode-svn")).isEqualTo(e.microcode());
        soft.assertThat(claim(r, "x-ms-isolation-tee", "x-ms-sevsnpvm-idkeydigest")).isEqualTo(e.idKeyDigest());
        soft.assertThat(claim(r, "x-ms-isolation-tee", "x-ms-sevsnpvm-hostdata")).isEqualTo("00".repeat(32));
        soft.assertThat(claim(r, "x-ms-isolation-tee", "sevsnp-version")).isEqualTo(e.version());
        soft.assertThat(claim(r, "x-ms-isolation-tee", "sevsnp-product")).isEqualTo(e.product());
        soft.assertThat(claim(r, "x-ms-isolation-tee", "x-ms-runtime", "vm-configuration", "vmUniqueId")).isEqualTo(e.vmid());
        List<?> keys = (List<?>) claim(r, "x-ms-isolation-tee", "x-ms-runtime", "keys");
        soft.assertThat(keys).anySatisfy(k -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> jwk = (Map<String, Object>) k;
            assertThat(jwk).containsEntry("kid", "HCLAkPub").containsEntry("kty", "RSA").containsKey("n");
        });
        soft.assertAll();
    }
}
