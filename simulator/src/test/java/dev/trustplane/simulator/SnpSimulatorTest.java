package dev.trustplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.SnpReport;
import dev.trustplane.evidence.snp.SnpVerifier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Round trips: simulated reports verify as genuine under the simulated profile, with the claims set. */
class SnpSimulatorTest {
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    private static final SnpSimulator SIM = SnpSimulator.standard();
    private static final HexFormat HEX = HexFormat.of();

    static SnpVerifier simulatedVerifier() {
        return new SnpVerifier(SIM.roots().trustProfile(), NOW, SnpVerifier.Options.defaults());
    }

    private static byte[] bytes(int length, int from) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    @ParameterizedTest
    @CsvSource({"GENOA,3", "GENOA,5", "GENOA,2", "MILAN,3", "TURIN,5"})
    void every_field_set_round_trips_through_the_verifier(SnpProduct product, int version) {
        byte[] measurement = bytes(48, 0x10);
        byte[] reportData = bytes(64, 0x40);
        byte[] hostData = bytes(32, 0x80);
        byte[] family = bytes(16, 1);
        byte[] image = bytes(16, 2);
        SnpSpec spec = new SnpSpec().product(product).version(version).measurement(measurement)
                .reportData(reportData).hostData(hostData).debug(true).vmpl(2).guestSvn(7)
                .familyId(family).imageId(image).tcb(3, 1, 20, 200, product == SnpProduct.TURIN ? 2 : 0);

        SimulatedSnpEvidence ev = SIM.generate(spec);
        AppraisalResult r = simulatedVerifier().verify(ev.report(), ev.collateral(), reportData);

        assertThat(r.reasons()).as("reasons").isEmpty();
        assertThat(r.genuine()).isTrue();
        assertThat(r.warnings()).extracting(Reason::code).containsExactly(ReasonCode.DEBUG_ENABLED);
        assertThat(r.claims())
                .containsEntry("x-ms-sevsnpvm-launchmeasurement", HEX.formatHex(measurement))
                .containsEntry("x-ms-sevsnpvm-reportdata", HEX.formatHex(reportData))
                .containsEntry("x-ms-sevsnpvm-hostdata", HEX.formatHex(hostData))
                .containsEntry("x-ms-sevsnpvm-familyId", HEX.formatHex(family))
                .containsEntry("x-ms-sevsnpvm-imageId", HEX.formatHex(image))
                .containsEntry("x-ms-sevsnpvm-is-debuggable", true)
                .containsEntry("x-ms-sevsnpvm-bootloader-svn", 3)
                .containsEntry("x-ms-sevsnpvm-tee-svn", 1)
                .containsEntry("x-ms-sevsnpvm-snpfw-svn", 20)
                .containsEntry("x-ms-sevsnpvm-microcode-svn", 200)
                .containsEntry("sevsnp-trust-profile", "simulated")
                .containsEntry("sevsnp-product", product.kdsName())
                .containsEntry("sevsnp-version", version);
        assertThat(r.claims().get("x-ms-sevsnpvm-vmpl")).asString().isEqualTo("2");
        assertThat(r.claims().get("x-ms-sevsnpvm-guestsvn")).asString().isEqualTo("7");
        if (product == SnpProduct.TURIN) {
            assertThat(r.claims()).containsEntry("sevsnp-fmc-svn", 2);
        }
    }

    @Test
    void defaults_are_a_realistic_genoa_report_with_debug_off_at_vmpl_0() throws Exception {
        SimulatedSnpEvidence ev = SIM.generate(new SnpSpec());
        SnpReport report = SnpReport.parse(ev.report());
        assertThat(report.version()).isEqualTo(3);
        assertThat(report.policy().raw()).isEqualTo(0x3001FL);
        assertThat(report.policy().debugAllowed()).isFalse();
        assertThat(report.vmpl()).isZero();
        assertThat(report.product()).contains(SnpProduct.GENOA);
        assertThat(report.reportedTcb().hex()).isEqualTo("541700000000000a");
        assertThat(report.chipId()).isEqualTo(SIM.roots().defaultChipId(SnpProduct.GENOA));
        AppraisalResult r = simulatedVerifier().verify(ev.report(), ev.collateral());
        assertThat(r.genuine()).isTrue();
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void same_spec_gives_the_same_bytes() {
        assertThat(SIM.generate(new SnpSpec().version(5)).report())
                .isEqualTo(SIM.generate(new SnpSpec().version(5)).report());
    }

    @Test
    void production_profile_rejects_simulated_evidence_with_chain_invalid() {
        SimulatedSnpEvidence ev = SIM.generate(new SnpSpec());
        AppraisalResult r = new SnpVerifier(TrustProfile.production(), NOW, SnpVerifier.Options.defaults())
                .verify(ev.report(), ev.collateral());
        assertThat(r.genuine()).isFalse();
        assertThat(r.reasons()).extracting(Reason::code).contains(ReasonCode.CHAIN_INVALID)
                .doesNotContain(ReasonCode.SIGNATURE_INVALID);
    }

    @Test
    void revoked_ask_serial_in_the_simulated_crl_is_revoked() {
        SimulatedSnpEvidence ev = SIM.generate(new SnpSpec());
        SimulatedSnpEvidence revoked = ev.withCrl(SIM.roots().crl(SnpProduct.GENOA, ev.ask().getSerialNumber()));
        AppraisalResult r = simulatedVerifier().verify(revoked.report(), revoked.collateral());
        assertThat(r.reasons()).extracting(Reason::code).containsExactly(ReasonCode.REVOKED);
    }

    @Test
    void customize_reaches_raw_fields_and_tampering_is_caught() {
        SimulatedSnpEvidence ev = SIM.generate(new SnpSpec().customize(b -> b.reportIdMa(new byte[32])));
        assertThat(simulatedVerifier().verify(ev.report(), ev.collateral()).genuine()).isTrue();
        byte[] tampered = ev.report();
        tampered[0x90] ^= 1;
        assertThat(simulatedVerifier().verify(tampered, ev.collateral()).reasons())
                .extracting(Reason::code).containsExactly(ReasonCode.SIGNATURE_INVALID);
        SimulatedSnpEvidence otherChip = SIM.generate(new SnpSpec().chipId(Arrays.copyOf(new byte[] {5}, 64)));
        assertThat(simulatedVerifier().verify(ev.report(), otherChip.collateral()).reasons())
                .extracting(Reason::code).contains(ReasonCode.SIGNATURE_INVALID, ReasonCode.HWID_MISMATCH);
    }
}
