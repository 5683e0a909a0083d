package dev.trustplane.evidence.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.azure.AzureVectors.Expected;
import dev.trustplane.evidence.tpm.QuoteCheck;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Azure CVM vector: HCL fields, runtime-data binding, vTPM quote with HCLAkPub. */
class AzureCvmVectorTest {

    private static final HexFormat HEX = HexFormat.of();

    static java.util.List<Expected> vectors() {
        return AzureVectors.all();
    }

    /** The kinvolk HCL report has no companion quote; its binding is covered above. */
    static java.util.List<Expected> vectorsWithQuote() {
        return AzureVectors.all().stream().filter(e -> e.pcrDigestHex().isPresent()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void hcl_report_parses_with_the_manifest_values(Expected e) throws Exception {
        HclReport hcl = e.pcrDigestHex().isPresent() ? e.load().hclReport() : HclReport.parse(e.hclBytes());
        RuntimeData rt = hcl.runtimeData();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(hcl.version()).as("version").isEqualTo(e.hclVersion());
        soft.assertThat(hcl.reportSize()).as("report_size").isEqualTo(e.reportSize());
        soft.assertThat(hcl.requestType()).as("request_type").isEqualTo(2);
        soft.assertThat(hcl.status()).as("status").isZero();
        soft.assertThat(hcl.hardwareReportType()).as("type").isEqualTo(e.type());
        soft.assertThat(hcl.hardwareReport()).as("hw report length").hasSize(e.type().length());
        soft.assertThat(hcl.reportDataHash()).isEqualTo(ReportDataHash.SHA256);
        soft.assertThat(rt.bytes()).as("variable data").hasSize(e.variableDataSize());
        soft.assertThat(rt.vmConfiguration()).as("vm-configuration").isEqualTo(e.config());
        soft.assertThat(rt.userData().map(HEX::formatHex)).as("user-data")
                .isEqualTo(e.userDataHex().map(String::toLowerCase));
        soft.assertThat(rt.ekPub().isPresent()).as("HCLEkPub present").isEqualTo(e.hasEk());
        soft.assertThat(sha256(rt.bytes())).as("SHA-256(runtime data)").isEqualTo(e.runtimeDataSha256());
        soft.assertThat(sha256(rt.akPub().publicKey().getEncoded())).as("HCLAkPub SPKI").isEqualTo(e.akSpkiSha256());
        soft.assertThat(HEX.formatHex(hcl.reportData())).as("report data")
                .isEqualTo(e.runtimeDataSha256() + "00".repeat(32));
        if (e.type() == HardwareReportType.SNP) {
            soft.assertThat(Arrays.copyOfRange(hcl.hardwareReport(), 0x50, 0x70)).isEqualTo(HEX.parseHex(e.runtimeDataSha256()));
        }
        soft.assertThat(AzureCvmVerifier.checkBinding(hcl).passed()).as("binding").isTrue();
        soft.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorsWithQuote")
    void vtpm_quote_verifies_with_HCLAkPub(Expected e) throws Exception {
        AzureCvmEvidence ev = e.load();
        byte[] nonce = HEX.parseHex(e.extraDataHex().orElseThrow());

        AzureVerification v = AzureCvmVerifier.verify(ev, nonce);

        assertThat(ev.formatVersion()).isEqualTo(e.evidenceVersion());
        assertThat(HEX.formatHex(ev.quote().attest().pcrDigest())).isEqualTo(e.pcrDigestHex().orElseThrow());
        assertThat(ev.quote().attest().pcrSelections()).singleElement().satisfies(s -> {
            assertThat(s.hashAlgId()).isEqualTo(0x000B);
            assertThat(s.indices()).isEqualTo(IntStream.range(0, 24).boxed().toList());
        });
        assertThat(v.failureCodes()).isEmpty();
        assertThat(v.verified()).isTrue();
        assertThat(v.quote().passed(QuoteCheck.NONCE)).isTrue();
        assertThat(v.passed(AzureCheck.USER_DATA_NONCE)).isEqualTo(e.evidenceVersion() >= 2);
    }

    static String sha256(byte[] data) throws Exception {
        return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
