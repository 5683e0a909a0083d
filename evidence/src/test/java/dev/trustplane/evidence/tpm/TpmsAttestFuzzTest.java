package dev.trustplane.evidence.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the TPM parsers: any input either parses or raises {@link TpmFormatException} with a field
 * and an offset inside (or at the end of) the input; anything else is a bug. In the normal test run
 * Jazzer only replays the seeds in {@code TpmsAttestFuzzTestInputs/} (synthetic quotes, no real
 * evidence); run with {@code JAZZER_FUZZ=1} to fuzz for real.
 */
class TpmsAttestFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parse_quote(byte[] input) {
        try {
            TpmsAttest a = TpmsAttest.parse(input);
            assertThat(a.raw()).isEqualTo(input);
        } catch (TpmFormatException e) {
            assertThat(e.field()).startsWith("TPMS_ATTEST.");
            assertThat(e.offset()).isBetween(0, input.length);
        }
        for (Parser p : new Parser[] {TpmSignature::parse, TpmPublic::parse, TpmsAttest::parseTpm2b}) {
            try {
                p.parse(input);
            } catch (TpmFormatException e) {
                assertThat(e.offset()).isBetween(0, input.length);
            }
        }
    }

    @Test
    void seeds_are_well_formed_quotes() throws Exception {
        for (String seed : new String[] {"sha256-bank", "two-banks"}) {
            try (InputStream in = getClass().getResourceAsStream("TpmsAttestFuzzTestInputs/parse_quote/" + seed)) {
                assertThat(TpmsAttest.parse(in.readAllBytes()).type()).isEqualTo(TpmsAttest.TPM_ST_ATTEST_QUOTE);
            }
        }
    }

    private interface Parser {
        Object parse(byte[] b) throws TpmFormatException;
    }
}
