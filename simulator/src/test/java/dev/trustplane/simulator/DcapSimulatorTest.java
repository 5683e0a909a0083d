package dev.trustplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.dcap.DcapCollateral;
import dev.trustplane.evidence.dcap.DcapQuote;
import dev.trustplane.evidence.dcap.DcapVerifier;
import dev.trustplane.evidence.dcap.PckExtensions;
import dev.trustplane.evidence.dcap.TcbStatus;
import dev.trustplane.evidence.dcap.TdReportBody;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Simulated TDX and SGX quotes parse back to their spec and verify only under the simulated Intel root. */
class DcapSimulatorTest {
    private static final Clock AT = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private static AppraisalResult verify(SimulatedDcapEvidence e, TrustProfile profile, Clock clock) {
        return new DcapVerifier(profile, clock, new DcapVerifier.Options(true, false))
                .verify(e.quote(), DcapCollateral.of(e.collateralBlobs()), null);
    }

    @Test
    void tdx_v4_round_trips_and_verifies_up_to_date() throws Exception {
        byte[] mrTd = HEX.parseHex("11".repeat(48));
        byte[] nonce = HEX.parseHex("abcd");
        SimulatedDcapEvidence e = DcapSimulator.standard().generate(DcapSpec.tdx().mrTd(mrTd).reportData(nonce)
                .rtmr(3, HEX.parseHex("33".repeat(48))));
        DcapQuote q = DcapQuote.parse(e.quote());
        TdReportBody td = q.td().orElseThrow();
        assertThat(q.version()).isEqualTo(4);
        assertThat(q.trailingBytes()).isZero();
        assertThat(td.mrTd()).isEqualTo(mrTd);
        assertThat(td.rtmrs().get(3)).isEqualTo(HEX.parseHex("33".repeat(48)));
        assertThat(td.reportData()).startsWith(0xab, 0xcd).hasSize(64);
        assertThat(td.debug()).isFalse();
        assertThat(HEX.formatHex(PckExtensions.read(e.pck()).fmspc())).isEqualTo("50806f000000");

        AppraisalResult r = verify(e, SimulatedIntel.standard().trustProfile(), AT);
        assertThat(r.genuine()).as(r.reasons().toString()).isTrue();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.claims()).containsEntry("attester_tcb_status", "UpToDate")
                .containsEntry("tdx_mrtd", "11".repeat(48)).containsEntry("dcap-trust-profile", "simulated")
                .containsEntry("dcap-tdx-module-tcb-status", "UpToDate");
    }

    @Test
    void production_trust_rejects_simulated_quotes() {
        SimulatedDcapEvidence e = DcapSimulator.standard().generate(DcapSpec.tdx());
        AppraisalResult r = verify(e, TrustProfile.production(), AT);
        assertThat(r.genuine()).isFalse();
        assertThat(r.has(ReasonCode.CHAIN_INVALID)).isTrue();
    }

    @Test
    void tdx_v5_with_a_td15_body_and_sgx_v3_v4_v5_verify() throws Exception {
        SimulatedDcapEvidence v5 = DcapSimulator.standard().generate(DcapSpec.tdx().version(5, true));
        DcapQuote q5 = DcapQuote.parse(v5.quote());
        assertThat(q5.bodyType()).isEqualTo(DcapQuote.BODY_TD15);
        assertThat(q5.signedData()).hasSize(702);
        assertThat(verify(v5, SimulatedIntel.standard().trustProfile(), AT).genuine()).isTrue();
        for (int version = 3; version <= 5; version++) {
            SimulatedDcapEvidence sgx = DcapSimulator.standard().generate(DcapSpec.sgx().version(version, false)
                    .enclave(HEX.parseHex("aa".repeat(32)), HEX.parseHex("bb".repeat(32)), 7, 3));
            DcapQuote q = DcapQuote.parse(sgx.quote());
            assertThat(q.version()).isEqualTo(version);
            assertThat(q.isTdx()).isFalse();
            AppraisalResult r = verify(sgx, SimulatedIntel.standard().trustProfile(), AT);
            assertThat(r.genuine()).as("v%d %s", version, r.reasons()).isTrue();
            assertThat(r.claims()).containsEntry("x-ms-sgx-mrenclave", "aa".repeat(32))
                    .containsEntry("x-ms-sgx-product-id", 7).containsEntry("x-ms-sgx-svn", 3)
                    .containsEntry("x-ms-sgx-is-debuggable", false).containsEntry("dcap-tcb-status", "UpToDate");
        }
    }

    @Test
    void generation_is_deterministic() {
        byte[] a = DcapSimulator.standard().generate(DcapSpec.tdx()).quote();
        byte[] b = DcapSimulator.standard().generate(DcapSpec.tdx()).quote();
        assertThat(a).isEqualTo(b);
        assertThat(DcapSimulator.standard().generate(DcapSpec.sgx()).tcbInfo())
                .isEqualTo(DcapSimulator.standard().generate(DcapSpec.sgx()).tcbInfo());
    }

    @Test
    void revoked_pck_out_of_date_tcb_expired_collateral_and_debug_are_reported() {
        DcapSimulator sim = DcapSimulator.standard();
        TrustProfile trust = SimulatedIntel.standard().trustProfile();

        AppraisalResult revoked = verify(sim.generate(DcapSpec.tdx().revokePck(true)), trust, AT);
        assertThat(revoked.genuine()).isFalse();
        assertThat(revoked.has(ReasonCode.REVOKED)).isTrue();

        AppraisalResult outOfDate = verify(sim.generate(DcapSpec.sgx().tcbStatus(TcbStatus.OUT_OF_DATE, "INTEL-SA-00999")),
                trust, AT);
        assertThat(outOfDate.genuine()).isTrue();
        assertThat(outOfDate.has(ReasonCode.TCB_OUT_OF_DATE)).isTrue();
        assertThat(outOfDate.claims()).containsEntry("dcap-advisory-ids", java.util.List.of("INTEL-SA-00999"));

        AppraisalResult revokedTcb = verify(sim.generate(DcapSpec.tdx().tcbStatus(TcbStatus.REVOKED)), trust, AT);
        assertThat(revokedTcb.genuine()).isFalse();
        assertThat(revokedTcb.has(ReasonCode.REVOKED)).isTrue();

        SimulatedDcapEvidence shortLived = sim.generate(DcapSpec.tdx().collateralValidity(
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-31T00:00:00Z")));
        AppraisalResult expired = verify(shortLived, trust, AT);
        assertThat(expired.genuine()).isTrue();
        assertThat(expired.has(ReasonCode.COLLATERAL_EXPIRED)).isTrue();
        AppraisalResult strict = new DcapVerifier(trust, AT, new DcapVerifier.Options(true, true))
                .verify(shortLived.quote(), DcapCollateral.of(shortLived.collateralBlobs()), null);
        assertThat(strict.genuine()).isFalse();

        AppraisalResult debug = verify(sim.generate(DcapSpec.tdx().debug(true)), trust, AT);
        assertThat(debug.has(ReasonCode.DEBUG_ENABLED)).isTrue();
        assertThat(debug.claims()).containsEntry("dbgstat", "enabled");
    }

    @Test
    void a_qe_below_every_level_of_its_identity_is_revoked() {
        // The identity generated for QE SVN 9 lists only ISVSVN 9; a QE at SVN 3 matches no level.
        SimulatedDcapEvidence e = DcapSimulator.standard().generate(DcapSpec.tdx().qeSvn(9));
        SimulatedDcapEvidence lower = DcapSimulator.standard().generate(DcapSpec.tdx().qeSvn(3));
        java.util.List<byte[]> blobs = new java.util.ArrayList<>(lower.collateralBlobs());
        blobs.set(1, e.qeIdentity());
        AppraisalResult r = new DcapVerifier(SimulatedIntel.standard().trustProfile(), AT, DcapVerifier.Options.defaults())
                .verify(lower.quote(), DcapCollateral.of(blobs), null);
        assertThat(r.genuine()).isFalse();
        assertThat(r.claims()).containsEntry("dcap-qe-tcb-status", "Revoked").containsEntry("dcap-tcb-status", "Revoked");
        assertThat(r.has(ReasonCode.REVOKED)).isTrue();
    }

    @Test
    void simulated_cc_event_log_replays_the_simulated_quotes_rtmrs() throws Exception {
        dev.trustplane.evidence.dcap.CcEventLog log = SimulatedCcEventLog.boot("td-1", "console=ttyS0 root=/dev/vda1");
        SimulatedDcapEvidence e = DcapSimulator.standard().generate(DcapSpec.tdx().version(5, true).eventLog(log));
        byte[] written = log.encode();
        dev.trustplane.evidence.dcap.CcEventLog parsed = dev.trustplane.evidence.dcap.CcEventLog.parse(written);
        assertThat(parsed.events()).hasSize(7);
        assertThat(parsed.replay().get(3)).isEqualTo(new byte[48]);
        DcapQuote q = DcapQuote.parse(e.quote());
        for (int i = 0; i < 4; i++) {
            assertThat(q.td().orElseThrow().rtmrs().get(i)).isEqualTo(parsed.replay().get(i));
        }
        DcapVerifier verifier = new DcapVerifier(SimulatedIntel.standard().trustProfile(), AT, DcapVerifier.Options.defaults());
        AppraisalResult r = verifier.verify(q, DcapCollateral.of(e.collateralBlobs()), null, parsed);
        assertThat(r.genuine()).as(r.reasons().toString()).isTrue();
        assertThat(r.claims()).containsEntry("dcap-ccel-replayed", true);
        assertThat((java.util.List<?>) r.claims().get("dcap-ccel-events")).hasSize(7);

        // Another command line is another RTMR2: the log of one boot does not vouch for another.
        dev.trustplane.evidence.dcap.CcEventLog other = SimulatedCcEventLog.boot("td-1", "console=ttyS0 init=/bin/sh");
        AppraisalResult mismatch = verifier.verify(q, DcapCollateral.of(e.collateralBlobs()), null, other);
        assertThat(mismatch.genuine()).isFalse();
        assertThat(mismatch.reasons()).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ReasonCode.MEASUREMENT_MISMATCH);
            assertThat(x.detail()).contains("RTMR2");
        });
    }
}
