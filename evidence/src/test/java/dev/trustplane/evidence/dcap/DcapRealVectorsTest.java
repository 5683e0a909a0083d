package dev.trustplane.evidence.dcap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustAnchor;
import dev.trustplane.evidence.TrustProfile;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared real quotes verify with Intel collateral at their documented verification times: every
 * signature, the PCK chain to the pinned Intel root and the collateral signatures hold (the manifest
 * checked those independently); the TCB statuses are this verifier's evaluation of the manifest's
 * collateral, checked by hand against the TCB levels (see each assertion).
 */
class DcapRealVectorsTest {
    static List<DcapVectors.Vector> vectors() {
        return DcapVectors.all();
    }

    private static AppraisalResult verify(DcapVectors.Vector v) {
        return verify(v, DcapVerifier.Options.defaults(), DcapVectors.bytes(v.file()), DcapVectors.collateral(v));
    }

    private static AppraisalResult verify(DcapVectors.Vector v, DcapVerifier.Options options, byte[] quote,
            DcapCollateral collateral) {
        return new DcapVerifier(TrustProfile.production(), v.clock(), options).verify(quote, collateral, null);
    }

    private static DcapVectors.Vector vector(String file) {
        return DcapVectors.all().stream().filter(v -> v.file().equals(file)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void signatures_chain_and_collateral_signatures_hold(DcapVectors.Vector v) {
        AppraisalResult r = verify(v);
        assertThat(codes(r.reasons())).doesNotContain(ReasonCode.SIGNATURE_INVALID, ReasonCode.CHAIN_INVALID,
                ReasonCode.CERT_EXPIRED, ReasonCode.REVOKED, ReasonCode.COLLATERAL_UNAVAILABLE,
                ReasonCode.QE_IDENTITY_MISMATCH, ReasonCode.MALFORMED);
        assertThat(r.evidenceType()).isEqualTo(v.tdx() ? "tdxvm" : "sgx");
        assertThat(r.claims()).containsEntry("dcap-fmspc", v.fmspc()).containsEntry("dcap-trust-profile", "production")
                .containsEntry("dcap-qe-tcb-status", "UpToDate").containsEntry("dcap-trailing-bytes", v.trailing());
        assertThat(r.has(ReasonCode.DEBUG_ENABLED)).isEqualTo(v.debug());
        // The 2023 Root CA CRL is past its nextUpdate at every verification time: a warning only.
        assertThat(codes(r.warnings())).contains(ReasonCode.COLLATERAL_EXPIRED);
    }

    @Test
    void emr_v5_is_up_to_date_with_its_2026_tcb_info() {
        AppraisalResult r = verify(vector("tdx/v5-emr-gotdx.dat"));
        assertThat(r.genuine()).isTrue();
        // SGX 04 04 02 02 04 01 00 05 / PCESVN 13 >= level 0; TEE_TCB_SVN 0b 01 04: module TDX_01 SVN 11 >= 6.
        assertThat(r.claims()).containsEntry("attester_tcb_status", "UpToDate")
                .containsEntry("dcap-tdx-module-tcb-status", "UpToDate").containsEntry("tdx_seamsvn", 0x010b)
                .containsEntry("tdx_mrservicetd", "0".repeat(96)).containsEntry("dbgstat", "disabled");
        assertThat(codes(r.warnings())).contains(ReasonCode.CRL_NOT_CHECKED)
                .doesNotContain(ReasonCode.TCB_OUT_OF_DATE);
    }

    @Test
    void gce_quote_is_up_to_date_through_its_module_identity() {
        AppraisalResult r = verify(vector("tdx/v4-gce-cos113-gotdx.dat"));
        // TEE_TCB_SVN 04 01 07: module TDX_01 SVN 4 is UpToDate; components 2.. (07) meet level 0 (…, 7).
        assertThat(r.genuine()).isTrue();
        assertThat(r.claims()).containsEntry("attester_tcb_status", "UpToDate")
                .containsEntry("tdx_rtmr0", "3fa2f61f395b7f5feefb4ec2df61297f109ad8abcd6410c1b7df60f21f37b19297fc35e544039c7e1edece752afd17f6");
    }

    @Test
    void azure_td_quote_is_out_of_date_with_advisories() {
        AppraisalResult r = verify(vector("azure-cvm/tdx-td-quote.dat"));
        // SGX 06 06 … matches level 1 (6, 6; OutOfDate); module TDX_01 SVN 2 is OutOfDate too.
        assertThat(r.genuine()).isTrue();
        assertThat(r.claims()).containsEntry("attester_tcb_status", "OutOfDate")
                .containsEntry("dcap-tdx-module-tcb-status", "OutOfDate")
                .containsEntry("attester_advisory_ids", List.of("INTEL-SA-00960", "INTEL-SA-00982", "INTEL-SA-00986"));
        assertThat(r.has(ReasonCode.TCB_OUT_OF_DATE)).isTrue();
    }

    @Test
    void debug_td_is_genuine_with_a_debug_warning_and_decoded_attributes() {
        AppraisalResult r = verify(vector("tdx/v4-debug-trustee.dat"));
        assertThat(r.genuine()).isTrue();
        assertThat(r.has(ReasonCode.DEBUG_ENABLED)).isTrue();
        assertThat(r.claims()).containsEntry("tdx_td_attributes_debug", true)
                .containsEntry("tdx_td_attributes_septve_disable", true).containsEntry("dbgstat", "enabled")
                .containsEntry("attester_tcb_status", "UpToDate");
    }

    @Test
    void gnr_is_out_of_date_by_its_pcesvn() {
        AppraisalResult r = verify(vector("tdx/v4-gnr-trustee.dat"));
        // PCESVN 11 < 13 of level 0, >= 5 of level 1 (OutOfDate).
        assertThat(r.genuine()).isTrue();
        assertThat(r.claims()).containsEntry("attester_tcb_status", "OutOfDate").containsEntry("dcap-sgx-type", 2);
    }

    @Test
    void platforms_below_every_tcb_level_are_not_supported() {
        // SPR: CPUSVN 03 03 < 05 05 of both 2023 levels; EMR (trustee): CPUSVN 01 01 < 02 02 of every level.
        for (String file : List.of("tdx/v4-spr-gotdx.dat", "tdx/v5-emr-trustee.dat")) {
            AppraisalResult r = verify(vector(file));
            assertThat(r.genuine()).as(file).isFalse();
            assertThat(codes(r.reasons())).as(file).containsExactly(ReasonCode.TCB_MISMATCH);
            assertThat(r.claims()).as(file).doesNotContainKey("attester_tcb_status");
        }
    }

    @Test
    void sgx_statuses_follow_the_icx_tcb_levels() {
        AppraisalResult occlum = verify(vector("sgx/v3-icx-debug-occlum-trustee.dat"));
        assertThat(occlum.genuine()).isTrue();
        assertThat(occlum.claims()).containsEntry("dcap-tcb-status", "OutOfDate")
                .containsEntry("x-ms-sgx-is-debuggable", true)
                .containsEntry("x-ms-sgx-mrsigner", "83d719e77deaca1470f6baf62a4d774303c899db69020f9c70ee1dfc08c7ce9e");
        AppraisalResult automata = verify(vector("sgx/v3-icx-automata.dat"));
        assertThat(automata.genuine()).isTrue();
        assertThat(automata.claims()).containsEntry("dcap-tcb-status", "SWHardeningNeeded")
                .containsEntry("dcap-advisory-ids", List.of("INTEL-SA-00615"))
                .containsEntry("x-ms-sgx-is-debuggable", false).containsEntry("x-ms-sgx-product-id", 0);
        assertThat(automata.has(ReasonCode.TCB_SW_HARDENING_NEEDED)).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> hashes = (Map<String, Object>) automata.claims().get("x-ms-sgx-collateral");
        assertThat(hashes).containsKeys("quotehash", "qeidhash", "tcbinfohash", "qeidcrlhash");
    }

    @Test
    void fresh_collateral_can_be_required() {
        DcapVectors.Vector v = vector("tdx/v4-debug-trustee.dat");
        AppraisalResult r = verify(v, new DcapVerifier.Options(false, true), DcapVectors.bytes(v.file()),
                DcapVectors.collateral(v));
        assertThat(r.genuine()).isFalse();
        assertThat(r.reasons()).anyMatch(x -> x.code() == ReasonCode.COLLATERAL_UNAVAILABLE
                && x.detail().contains("TCB Info expired"));
    }

    @Test
    void flipped_bytes_break_the_signature_they_are_under() {
        DcapVectors.Vector v = vector("tdx/v4-gnr-trustee.dat");
        byte[] good = DcapVectors.bytes(v.file());
        // 48 + 136: MRTD (under the quote signature); 636: quote signature; 700: attestation key;
        // 770 + 64: QE report REPORTDATA area; 770 + 384: QE report signature.
        int[] offsets = {48 + 136, 636 + 5, 700 + 10, 770 + 330, 770 + 384 + 3};
        for (int at : offsets) {
            byte[] bad = good.clone();
            bad[at] ^= 0x01;
            AppraisalResult r = verify(v, DcapVerifier.Options.defaults(), bad, DcapVectors.collateral(v));
            assertThat(r.genuine()).as("byte %d", at).isFalse();
            assertThat(codes(r.reasons())).as("byte %d", at).contains(ReasonCode.SIGNATURE_INVALID);
        }
    }

    @Test
    void flipped_pck_certificate_breaks_the_chain() throws Exception {
        DcapVectors.Vector v = vector("tdx/v4-gnr-trustee.dat");
        byte[] bad = DcapVectors.bytes(v.file());
        DcapQuote q = DcapQuote.parse(bad);
        String pem = q.pckChainPem().orElseThrow();
        int pemStart = indexOf(bad, pem.substring(0, 40).getBytes());
        bad[pemStart + 200] = (byte) (bad[pemStart + 200] == 'A' ? 'B' : 'A');
        AppraisalResult r = verify(v, DcapVerifier.Options.defaults(), bad, DcapVectors.collateral(v));
        assertThat(r.genuine()).isFalse();
        assertThat(codes(r.reasons())).containsAnyOf(ReasonCode.CHAIN_INVALID, ReasonCode.SIGNATURE_INVALID);
    }

    @Test
    void another_root_key_is_not_trusted() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        TrustProfile other = TrustProfile.simulated(List.of(new TrustAnchor(TrustAnchor.INTEL_SGX, TrustAnchor.INTEL_ROOT,
                g.generateKeyPair().getPublic())));
        DcapVectors.Vector v = vector("sgx/v3-icx-automata.dat");
        AppraisalResult r = new DcapVerifier(other, v.clock(), DcapVerifier.Options.defaults())
                .verify(DcapVectors.bytes(v.file()), DcapVectors.collateral(v), null);
        assertThat(r.genuine()).isFalse();
        assertThat(codes(r.reasons())).contains(ReasonCode.CHAIN_INVALID, ReasonCode.COLLATERAL_UNAVAILABLE);
        assertThat(r.claims()).containsEntry("dcap-trust-profile", "simulated");
    }

    @Test
    void tampered_tcb_info_is_unusable() {
        DcapVectors.Vector v = vector("sgx/v3-icx-automata.dat");
        String json = new String(DcapVectors.bytes("collateral/intel-sgx-tcbinfo-00606a000000-2025.json"))
                .replaceFirst("\"SWHardeningNeeded\"", "\"UpToDate\"");
        List<byte[]> blobs = new ArrayList<>();
        blobs.add(json.getBytes());
        blobs.add(DcapVectors.bytes("collateral/intel-sgx-qe-identity-2025.json"));
        blobs.add(DcapVectors.bytes(DcapVectors.SIGNING));
        AppraisalResult r = verify(v, DcapVerifier.Options.defaults(), DcapVectors.bytes(v.file()),
                DcapCollateral.of(blobs));
        assertThat(r.genuine()).isFalse();
        assertThat(r.reasons()).anyMatch(x -> x.code() == ReasonCode.COLLATERAL_UNAVAILABLE
                && x.detail().contains("TCB Info signature"));
        assertThat(r.claims()).doesNotContainKey("dcap-tcb-status");
    }

    @Test
    void a_quote_is_not_verified_without_collateral() {
        DcapVectors.Vector v = vector("sgx/v3-icx-automata.dat");
        AppraisalResult r = verify(v, DcapVerifier.Options.defaults(), DcapVectors.bytes(v.file()), DcapCollateral.empty());
        assertThat(r.genuine()).isFalse();
        assertThat(codes(r.reasons())).containsOnly(ReasonCode.COLLATERAL_UNAVAILABLE);
        assertThat(codes(r.warnings())).contains(ReasonCode.CRL_NOT_CHECKED);
    }

    @Test
    void a_verification_time_after_the_pck_expiry_is_cert_expired() {
        DcapVectors.Vector v = vector("tdx/v4-spr-gotdx.dat");
        AppraisalResult r = new DcapVerifier(TrustProfile.production(),
                Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC), DcapVerifier.Options.defaults())
                .verify(DcapVectors.bytes(v.file()), DcapVectors.collateral(v), null);
        assertThat(r.reasons()).anyMatch(x -> x.code() == ReasonCode.CERT_EXPIRED && x.detail().contains("PCK certificate"));
    }

    @Test
    void expected_report_data_is_compared() {
        DcapVectors.Vector v = vector("sgx/v3-icx-automata.dat");
        DcapVerifier verifier = new DcapVerifier(TrustProfile.production(), v.clock(), DcapVerifier.Options.defaults());
        assertThat(verifier.verify(DcapVectors.bytes(v.file()), DcapVectors.collateral(v),
                dev.trustplane.evidence.internal.Hex.decode(v.reportData())).genuine()).isTrue();
        assertThat(verifier.verify(DcapVectors.bytes(v.file()), DcapVectors.collateral(v), new byte[] {1})
                .has(ReasonCode.REPORT_DATA_MISMATCH)).isTrue();
    }

    private static List<ReasonCode> codes(List<Reason> reasons) {
        return reasons.stream().map(Reason::code).toList();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
