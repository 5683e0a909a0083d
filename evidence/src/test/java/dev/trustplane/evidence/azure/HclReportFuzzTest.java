package dev.trustplane.evidence.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the HCL report, bincode quote and trustee-JSON parsers: any input either parses or raises
 * {@link AzureFormatException}; anything else (an unchecked exception) is a bug. The normal test run
 * replays only the synthetic seeds in {@code HclReportFuzzTestInputs/} (an SNP and a TDX report
 * generated for this test, with a fake AK); {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class HclReportFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parse_hcl_report(byte[] input) {
        try {
            HclReport r = HclReport.parse(input);
            assertThat(r.reportSize()).isLessThanOrEqualTo(input.length);
            AzureCvmVerifier.checkBinding(r);
        } catch (AzureFormatException e) {
            assertThat(e.field()).isNotBlank();
        }
        try {
            TrusteeEvidenceJson.parse(input);
        } catch (AzureFormatException e) {
            assertThat(e.field()).startsWith("evidence");
        }
    }

    @FuzzTest(maxDuration = "10s")
    void parse_bincode_quote(byte[] input) {
        try {
            VtpmQuote.fromBincode(input);
        } catch (AzureFormatException e) {
            assertThat(e.offset()).isBetween(-1L, (long) input.length);
        }
    }

    @Test
    void seeds_are_well_formed_and_bound() throws Exception {
        for (String seed : new String[] {"snp", "tdx"}) {
            try (InputStream in = getClass().getResourceAsStream("HclReportFuzzTestInputs/parse_hcl_report/" + seed)) {
                HclReport r = HclReport.parse(in.readAllBytes());
                assertThat(AzureCvmVerifier.checkBinding(r).passed()).isTrue();
            }
        }
        try (InputStream in = getClass().getResourceAsStream("HclReportFuzzTestInputs/parse_bincode_quote/synthetic")) {
            assertThat(VtpmQuote.fromBincode(in.readAllBytes()).pcrs().indices(dev.trustplane.evidence.tpm.TpmHash.SHA256))
                    .hasSize(24);
        }
        assertThat(Optional.empty()).isEmpty();
    }
}
