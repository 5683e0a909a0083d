package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.snp.SnpCollateral;
import dev.trustplane.evidence.snp.SnpReport;
import dev.trustplane.evidence.snp.SnpVerifier;
import dev.trustplane.simulator.SimulatedRoots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code trustplane sim}: the files it writes parse and verify; bad flags exit 2 with one line naming the flag. */
class SimCommandTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    private String lastErr = "";

    /** Runs {@code trustplane sim ...} through Main, keeping stderr for the assertions. */
    private int sim(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "sim";
        System.arraycopy(args, 0, full, 1, args.length);
        CliRun run = CliRun.of(full);
        lastErr = run.err();
        return run.exitCode();
    }

    private static List<X509Certificate> certs(Path pem) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (var c : cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    /** The collateral as {@code trustplane verify --collateral DIR} loads it: by content, any file names. */
    private static SnpCollateral collateral(Path dir) throws Exception {
        SnpCollateral c = dev.trustplane.evidence.snp.SnpCollateralLoader.loadDirectory(dir);
        assertThat(c.ark()).isPresent();
        assertThat(c.crl()).isPresent();
        return c;
    }

    @Test
    void snp_writes_evidence_that_parses_and_verifies_under_the_simulated_profile() throws Exception {
        String measurement = "ab".repeat(48);
        int code = sim("snp", "--product", "milan", "--version", "5", "--measurement", measurement,
                "--report-data", "0102", "--host-data", "ff", "--debug", "--vmpl", "1", "--guest-svn", "3",
                "--tcb", "4,0,24,219", "--out", tmp.toString());
        assertThat(code).as(lastErr).isZero();

        byte[] report = Files.readAllBytes(tmp.resolve("report.bin"));
        SnpReport parsed = SnpReport.parse(report);
        assertThat(parsed.version()).isEqualTo(5);
        assertThat(parsed.measurement()).isEqualTo(HexFormat.of().parseHex(measurement));
        assertThat(parsed.reportData()[1]).isEqualTo((byte) 2);
        assertThat(parsed.policy().debugAllowed()).isTrue();
        assertThat(parsed.vmpl()).isEqualTo(1);
        assertThat(certs(tmp.resolve("cert_chain.pem"))).extracting(c -> c.getSubjectX500Principal().getName())
                .satisfiesExactly(ask -> assertThat(ask).startsWith("CN=SEV-Milan,"),
                        ark -> assertThat(ark).startsWith("CN=ARK-Milan,"));

        AppraisalResult r = new SnpVerifier(SimulatedRoots.standard().trustProfile(), NOW,
                new SnpVerifier.Options(true)).verify(report, collateral(tmp));
        assertThat(r.reasons()).isEmpty();
        assertThat(r.claims()).containsEntry("x-ms-sevsnpvm-microcode-svn", 219)
                .containsEntry("sevsnp-product", "Milan");
    }

    @Test
    void attest_request_has_the_maa_sevsnpvm_shape_and_binds_runtime_data() throws Exception {
        Path runtime = tmp.resolve("runtime.json");
        Files.writeString(runtime, "{\"keys\":[]}");
        Path out = tmp.resolve("out");
        assertThat(sim("snp", "--runtime-data", runtime.toString(), "--out", out.toString())).isZero();

        JsonNode body = JSON.readTree(Files.readAllBytes(out.resolve("attest-request.json")));
        assertThat(body.propertyNames()).containsExactly("report", "runtimeData");
        assertThat(body.get("runtimeData").get("dataType").asString()).isEqualTo("JSON");
        Base64.Decoder b64url = Base64.getUrlDecoder();
        assertThat(b64url.decode(body.get("runtimeData").get("data").asString()))
                .isEqualTo(Files.readAllBytes(runtime));

        JsonNode inner = JSON.readTree(b64url.decode(body.get("report").asString()));
        assertThat(inner.propertyNames()).containsExactly("SnpReport", "VcekCertChain", "Endorsements");
        byte[] report = b64url.decode(inner.get("SnpReport").asString());
        assertThat(report).isEqualTo(Files.readAllBytes(out.resolve("report.bin")));
        String chain = new String(b64url.decode(inner.get("VcekCertChain").asString()), StandardCharsets.US_ASCII);
        assertThat(chain).isEqualTo(Files.readString(out.resolve("vcek.pem")) + Files.readString(out.resolve("cert_chain.pem")));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(runtime));
        assertThat(java.util.Arrays.copyOf(SnpReport.parse(report).reportData(), 32)).isEqualTo(digest);
    }

    @Test
    void without_runtime_data_the_body_carries_only_the_report() throws Exception {
        assertThat(sim("snp", "--out", tmp.toString())).isZero();
        JsonNode body = JSON.readTree(Files.readAllBytes(tmp.resolve("attest-request.json")));
        assertThat(body.propertyNames()).containsExactly("report");
    }

    @Test
    void bad_input_exits_2_with_one_line_naming_the_flag() {
        String out = tmp.toString();
        String[][] cases = {
            {"--measurement", "zz", "--measurement"},
            {"--measurement", "abcd", "--measurement"},
            {"--report-data", "00".repeat(65), "--report-data"},
            {"--host-data", "abc", "--host-data"},
            {"--tcb", "1,2,3", "--tcb"},
            {"--tcb", "1,2,3,4,5", "--tcb"},
            {"--vmpl", "4", "--vmpl"},
            {"--product", "rome", "--product"},
            {"--version", "4", "--version"},
            {"--chip-id", "00", "--chip-id"},
        };
        for (String[] c : cases) {
            assertThat(sim("snp", c[0], c[1], "--out", out)).as(String.join(" ", c)).isEqualTo(2);
            String message = lastErr;
            assertThat(message).as(String.join(" ", c)).contains(c[2]);
            assertThat(message.strip().lines()).as(String.join(" ", c)).hasSize(1);
        }
        assertThat(sim("snp", "--report-data", "00", "--runtime-data", out, "--out", out)).isEqualTo(2);
        assertThat(lastErr).contains("--runtime-data");
        assertThat(sim()).isEqualTo(2);
        assertThat(lastErr).contains("snp, azure-cvm, tdx or sgx");
        assertThat(sim("snp", "--runtime-data", tmp.resolve("missing").toString(), "--out", out)).isEqualTo(2);
        assertThat(lastErr).contains("--runtime-data");
    }

    @Test
    void azure_cvm_writes_evidence_the_azure_verifier_accepts() throws Exception {
        String nonce = "00112233445566778899aabbccddeeff";
        String pcr7 = "07".repeat(32);
        int code = sim("azure-cvm", "--nonce", nonce, "--pcr", "7=" + pcr7, "--vm-id", "VM-1", "--no-secure-boot",
                "--out", tmp.toString());
        assertThat(code).as(lastErr).isZero();
        byte[] expectedNonce = HexFormat.of().parseHex(nonce);

        var fromJson = dev.trustplane.evidence.azure.TrusteeEvidenceJson.parse(
                Files.readAllBytes(tmp.resolve("az-snp-vtpm.json")));
        assertThat(dev.trustplane.evidence.azure.AzureCvmVerifier.verify(fromJson, expectedNonce).verified()).isTrue();

        var hcl = dev.trustplane.evidence.azure.HclReport.parse(Files.readAllBytes(tmp.resolve("hcl-report.bin")));
        assertThat(hcl.runtimeData().bytes()).isEqualTo(Files.readAllBytes(tmp.resolve("runtime-data.json")));
        assertThat(hcl.runtimeData().vmConfiguration().vmUniqueId()).isEqualTo("VM-1");
        assertThat(hcl.runtimeData().vmConfiguration().secureBoot()).isFalse();
        assertThat(hcl.hardwareReport()).isEqualTo(Files.readAllBytes(tmp.resolve("snp-report.bin")));
        List<byte[]> pcrs = new ArrayList<>();
        for (JsonNode p : JSON.readTree(Files.readAllBytes(tmp.resolve("pcrs.json")))) {
            pcrs.add(HexFormat.of().parseHex(p.asString()));
        }
        assertThat(pcrs).hasSize(24);
        assertThat(HexFormat.of().formatHex(pcrs.get(7))).isEqualTo(pcr7);
        var quote = dev.trustplane.evidence.azure.VtpmQuote.of(Files.readAllBytes(tmp.resolve("quote.msg")),
                Files.readAllBytes(tmp.resolve("quote.sig")), pcrs);
        var ak = dev.trustplane.evidence.tpm.AttestationKey.fromPem(Files.readString(tmp.resolve("ak.pem")));
        var parts = dev.trustplane.evidence.azure.AzureCvmEvidence.fromParts(hcl, quote, java.util.Optional.of(ak));
        assertThat(dev.trustplane.evidence.azure.AzureCvmVerifier.verify(parts, expectedNonce).verified()).isTrue();
        assertThat(dev.trustplane.evidence.azure.VtpmQuote.fromBincode(Files.readAllBytes(tmp.resolve("quote.bin")))
                .attest().extraData()).isEqualTo(expectedNonce);

        AppraisalResult snp = new SnpVerifier(SimulatedRoots.standard().trustProfile(), NOW,
                SnpVerifier.Options.defaults()).verify(hcl.hardwareReport(), collateral(tmp));
        assertThat(snp.reasons()).isEmpty();

        JsonNode body = JSON.readTree(Files.readAllBytes(tmp.resolve("attest-request.json")));
        assertThat(Base64.getUrlDecoder().decode(body.get("runtimeData").get("data").asString()))
                .isEqualTo(hcl.runtimeData().bytes());
    }

    @Test
    void azure_cvm_bad_flags_exit_2() {
        String out = tmp.toString();
        String[][] cases = {
            {"--nonce", "xyz", "--nonce"},
            {"--pcr", "24=" + "00".repeat(32), "--pcr"},
            {"--pcr", "7=00", "--pcr"},
            {"--pcr", "seven", "--pcr"},
            {"--user-data", "00".repeat(65), "--user-data"},
        };
        for (String[] c : cases) {
            assertThat(sim("azure-cvm", c[0], c[1], "--out", out)).as(String.join(" ", c)).isEqualTo(2);
            assertThat(lastErr).as(String.join(" ", c)).contains(c[2]);
        }
    }
}
