package dev.trustplane.evidence.snp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustplane.evidence.EvidenceFormatException;

/**
 * Jazzer fuzz target for the SNP parser. In a normal test run only the seed corpus in
 * {@code src/test/resources/.../SnpReportFuzzTestInputs/} runs (well under a second); run
 * {@code JAZZER_FUZZ=1 ./mvnw -pl evidence test -Dtest=SnpReportFuzzTest} to fuzz.
 *
 * <p>Properties: the parser either returns or throws {@link EvidenceFormatException} (nothing else);
 * every accepted input re-encodes byte-for-byte. (The verifier's behaviour on mutated reports is
 * covered by a seeded random test in {@link SimulatedChainTest}.)
 */
class SnpReportFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse(byte[] data) throws EvidenceFormatException {
        SnpReport report;
        try {
            report = SnpReport.parse(data);
        } catch (EvidenceFormatException expected) {
            assertThat(expected.code()).isNotNull();
            return;
        }
        assertThat(report.toBuilder().build().toBytes()).isEqualTo(data);
        assertThat(report.signedBytes()).hasSize(0x2A0);
    }
}
