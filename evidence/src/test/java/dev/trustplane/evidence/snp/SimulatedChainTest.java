package dev.trustplane.evidence.snp;

import static dev.trustplane.evidence.ReasonCode.CHAIN_INVALID;
import static dev.trustplane.evidence.ReasonCode.COLLATERAL_UNAVAILABLE;
import static dev.trustplane.evidence.ReasonCode.CRL_NOT_CHECKED;
import static dev.trustplane.evidence.ReasonCode.HWID_MISMATCH;
import static dev.trustplane.evidence.ReasonCode.REVOKED;
import static dev.trustplane.evidence.ReasonCode.SIGNATURE_INVALID;
import static dev.trustplane.evidence.ReasonCode.TCB_MISMATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustProfile;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verification logic on a throwaway AMD-shaped PKI (always runs): the simulated trust-profile hook,
 * revocation with CRLs signed by a test ARK, algorithm pinning, and the binding checks.
 */
class SimulatedChainTest {
    private static SimulatedAmd milan;
    private static SimulatedAmd turin;
    private static final Clock NOW = Clock.fixed(SimulatedAmd.NOW, ZoneOffset.UTC);

    @BeforeAll
    static void pki() throws Exception {
        milan = SimulatedAmd.milan();
        turin = SimulatedAmd.turin();
    }

    private static SnpVerifier verifier(SimulatedAmd pki, boolean requireCrl) {
        return new SnpVerifier(pki.profile(), NOW, new SnpVerifier.Options(requireCrl));
    }

    private static ReasonCode[] codes(AppraisalResult r) {
        return r.reasons().stream().map(Reason::code).toArray(ReasonCode[]::new);
    }

    @Test
    void simulated_report_verifies_under_the_simulated_profile_for_every_version() throws Exception {
        for (int version : new int[] {2, 3, 5}) {
            AppraisalResult r = verifier(milan, false).verify(milan.signedReport(version), milan.collateral());
            assertThat(r.reasons()).as("v" + version).isEmpty();
            assertThat(r.warnings()).extracting(Reason::code).containsExactly(CRL_NOT_CHECKED);
            assertThat(r.claims()).containsEntry("sevsnp-trust-profile", "simulated")
                    .containsEntry("sevsnp-product", "Milan");
        }
    }

    @Test
    void turin_chain_binds_the_eight_byte_hwid_and_fmc() throws Exception {
        AppraisalResult r = verifier(turin, false).verify(turin.signedReport(5), turin.collateral());
        assertThat(r.reasons()).isEmpty();
        assertThat(r.claims()).containsEntry("sevsnp-fmc-svn", 1).containsEntry("x-ms-sevsnpvm-bootloader-svn", 4);
    }

    @Test
    void v2_report_without_product_name_takes_the_product_from_the_root_that_signed_the_ask() throws Exception {
        X509Certificate anonymous = milan.vcek(milan.vcekKeys.getPublic(), SimulatedAmd.PSS,
                new int[] {4, 0, 24, 219, -1}, true, false);
        TrustProfile both = TrustProfile.simulated(List.of(turin.profile().anchors().getFirst(),
                milan.profile().anchors().getFirst()));
        AppraisalResult r = new SnpVerifier(both, NOW, SnpVerifier.Options.defaults())
                .verify(milan.signedReport(2), milan.collateral().withLeaf(anonymous));
        assertThat(r.reasons()).isEmpty();
        assertThat(r.claims()).containsEntry("sevsnp-product", "Milan").containsEntry("x-ms-sevsnpvm-snpfw-svn", 24);
    }

    @Test
    void production_profile_does_not_trust_a_simulated_chain() throws Exception {
        AppraisalResult r = SnpVerifier.production(NOW).verify(milan.signedReport(3), milan.collateral());
        assertThat(codes(r)).containsExactly(CHAIN_INVALID);
        assertThat(r.claims()).containsEntry("sevsnp-trust-profile", "production");
    }

    @Test
    void a_profile_without_a_root_for_the_product_rejects() throws Exception {
        AppraisalResult r = new SnpVerifier(turin.profile(), NOW, SnpVerifier.Options.defaults())
                .verify(milan.signedReport(3), milan.collateral());
        assertThat(codes(r)).containsExactly(CHAIN_INVALID, CHAIN_INVALID);
        assertThat(r.reasons().getFirst().detail()).contains("no AMD root for Milan");
    }

    @Test
    void crl_without_the_ask_serial_clears_the_warning() throws Exception {
        X509CRL crl = milan.crl(milan.arkKeys.getPrivate(), SimulatedAmd.NOW.minusSeconds(3600),
                SimulatedAmd.NOW.plusSeconds(86400), BigInteger.valueOf(12345));
        AppraisalResult r = verifier(milan, true).verify(milan.signedReport(3), milan.collateral().withCrl(crl));
        assertThat(r.genuine()).isTrue();
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void crl_listing_the_ask_serial_is_revoked() throws Exception {
        X509CRL crl = milan.crl(milan.arkKeys.getPrivate(), SimulatedAmd.NOW.minusSeconds(3600),
                SimulatedAmd.NOW.plusSeconds(86400), milan.ask.getSerialNumber());
        AppraisalResult r = verifier(milan, false).verify(milan.signedReport(3), milan.collateral().withCrl(crl));
        assertThat(codes(r)).containsExactly(REVOKED);
    }

    @Test
    void crl_not_signed_by_the_ark_is_unusable_collateral() throws Exception {
        X509CRL forged = milan.crl(milan.askKeys.getPrivate(), SimulatedAmd.NOW.minusSeconds(3600),
                SimulatedAmd.NOW.plusSeconds(86400));
        AppraisalResult r = verifier(milan, false).verify(milan.signedReport(3), milan.collateral().withCrl(forged));
        assertThat(codes(r)).containsExactly(COLLATERAL_UNAVAILABLE);
    }

    @Test
    void stale_crl_is_a_warning_unless_a_crl_is_required() throws Exception {
        X509CRL stale = milan.crl(milan.arkKeys.getPrivate(), SimulatedAmd.NOW.minusSeconds(7200),
                SimulatedAmd.NOW.minusSeconds(3600));
        SnpCollateral c = milan.collateral().withCrl(stale);
        AppraisalResult lenient = verifier(milan, false).verify(milan.signedReport(3), c);
        assertThat(lenient.genuine()).isTrue();
        assertThat(lenient.warnings()).extracting(Reason::code).containsExactly(CRL_NOT_CHECKED);
        assertThat(codes(verifier(milan, true).verify(milan.signedReport(3), c))).containsExactly(COLLATERAL_UNAVAILABLE);
    }

    @Test
    void required_crl_missing_is_collateral_unavailable() throws Exception {
        assertThat(codes(verifier(milan, true).verify(milan.signedReport(3), milan.collateral())))
                .containsExactly(COLLATERAL_UNAVAILABLE);
    }

    @Test
    void supplied_ark_must_carry_the_pinned_key() throws Exception {
        SnpCollateral good = new SnpCollateral(milan.vcek, milan.ask, Optional.of(milan.ark), Optional.empty());
        assertThat(verifier(milan, false).verify(milan.signedReport(3), good).genuine()).isTrue();
        SnpCollateral foreign = new SnpCollateral(milan.vcek, milan.ask, Optional.of(turin.ark), Optional.empty());
        assertThat(codes(verifier(milan, false).verify(milan.signedReport(3), foreign))).containsExactly(CHAIN_INVALID);
    }

    @Test
    void pkcs1_signed_vcek_is_refused_even_though_the_key_is_right() throws Exception {
        X509Certificate pkcs1 = milan.vcek(milan.vcekKeys.getPublic(), "SHA384WITHRSA",
                new int[] {4, 0, 24, 219, -1}, true);
        assertThat(codes(verifier(milan, false).verify(milan.signedReport(3), milan.collateral().withLeaf(pkcs1))))
                .containsExactly(CHAIN_INVALID);
    }

    @Test
    void vcek_with_a_p256_key_cannot_verify_a_report() throws Exception {
        X509Certificate p256 = milan.vcek(SimulatedAmd.ec("secp256r1").getPublic(), SimulatedAmd.PSS,
                new int[] {4, 0, 24, 219, -1}, true);
        assertThat(codes(verifier(milan, false).verify(milan.signedReport(3), milan.collateral().withLeaf(p256))))
                .containsExactly(SIGNATURE_INVALID);
    }

    @Test
    void missing_spl_and_hwid_extensions_are_binding_failures() throws Exception {
        X509Certificate bare = milan.vcek(milan.vcekKeys.getPublic(), SimulatedAmd.PSS,
                new int[] {4, 0, -1, 219, -1}, false);
        AppraisalResult r = verifier(milan, false).verify(milan.signedReport(3), milan.collateral().withLeaf(bare));
        assertThat(codes(r)).containsExactly(HWID_MISMATCH, TCB_MISMATCH);
        assertThat(r.reasons().get(1).detail()).contains("snpSPL missing");
    }

    @Test
    void unsigned_report_is_a_signature_failure() throws Exception {
        byte[] unsigned = milan.report(3).signer(false, false, SigningKey.NONE).build().toBytes();
        AppraisalResult r = verifier(milan, false).verify(unsigned, milan.collateral());
        assertThat(codes(r)).containsExactly(SIGNATURE_INVALID);
        assertThat(r.reasons().getFirst().detail()).contains("unsigned");
    }

    @Test
    void signature_components_beyond_384_bits_are_invalid_not_exceptions() throws Exception {
        byte[] r72 = new byte[72];
        Arrays.fill(r72, (byte) 0xFF);
        byte[] bad = milan.report(5).signatureFields(r72, r72).build().toBytes();
        assertThat(codes(verifier(milan, false).verify(bad, milan.collateral()))).containsExactly(SIGNATURE_INVALID);
    }

    @Test
    void randomly_mutated_reports_are_never_genuine_and_never_throw() throws Exception {
        long seed = 20261123L;
        Random random = new Random(seed);
        byte[] good = milan.signedReport(5);
        SnpVerifier v = verifier(milan, false);
        for (int i = 0; i < 300; i++) {
            byte[] mutated = good.clone();
            int flips = 1 + random.nextInt(4);
            for (int k = 0; k < flips; k++) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
            }
            AppraisalResult r = v.verify(mutated, milan.collateral());
            assertThat(r.genuine()).as("seed %d iteration %d", seed, i).isFalse();
        }
    }

    @Test
    void simulated_profile_requires_an_anchor() {
        assertThatThrownBy(() -> TrustProfile.simulated(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TrustProfile.production().kind()).isEqualTo(TrustProfile.Kind.PRODUCTION);
        assertThat(Instant.now()).isAfter(SimulatedAmd.NOT_BEFORE);
    }
}
