package dev.trustplane.evidence.snp;

import static dev.trustplane.evidence.ReasonCode.CERT_EXPIRED;
import static dev.trustplane.evidence.ReasonCode.CHAIN_INVALID;
import static dev.trustplane.evidence.ReasonCode.HWID_MISMATCH;
import static dev.trustplane.evidence.ReasonCode.MALFORMED;
import static dev.trustplane.evidence.ReasonCode.REPORT_DATA_MISMATCH;
import static dev.trustplane.evidence.ReasonCode.SIGNATURE_INVALID;
import static dev.trustplane.evidence.ReasonCode.TCB_MISMATCH;
import static dev.trustplane.evidence.ReasonCode.UNSUPPORTED_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Negative cases derived from real vectors; each asserts the precise set of reason codes. */
class SnpNegativeVectorsTest {
    private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    private static final SnpVerifier VERIFIER = SnpVerifier.production(Clock.fixed(AT, ZoneOffset.UTC));

    private static final String MILAN = "snp/milan-v3-ms.bin";
    private static final String TURIN = "snp/turin-v5-ms.bin";

    private static SnpCollateral milanChain() {
        return Vectors.collateral("collateral/vcek-milan-ms.pem", "roots/amd-milan-ask-ark.pem");
    }

    private static SnpCollateral turinChain() {
        return Vectors.collateral("collateral/vcek-turin-ms.pem", "roots/amd-turin-ask-ark.pem");
    }

    private static byte[] flip(byte[] b, int offset) {
        byte[] c = b.clone();
        c[offset] ^= 0x01;
        return c;
    }

    private static ReasonCode[] codes(AppraisalResult r) {
        return r.reasons().stream().map(Reason::code).toArray(ReasonCode[]::new);
    }

    @Test
    void flipped_signature_bit_is_only_a_signature_failure() {
        AppraisalResult r = VERIFIER.verify(flip(Vectors.bytes(MILAN), 0x2A0), milanChain());
        assertThat(r.genuine()).isFalse();
        assertThat(codes(r)).containsExactly(SIGNATURE_INVALID);
    }

    @Test
    void flipped_measurement_bit_breaks_the_signature() {
        assertThat(codes(VERIFIER.verify(flip(Vectors.bytes(MILAN), 0x090), milanChain())))
                .containsExactly(SIGNATURE_INVALID);
    }

    @Test
    void flipped_report_data_bit_breaks_the_signature_and_the_nonce_binding() {
        byte[] original = Vectors.bytes(MILAN);
        byte[] expected = Arrays.copyOfRange(original, 0x50, 0x90);
        AppraisalResult r = VERIFIER.verify(flip(original, 0x50), milanChain(), expected);
        assertThat(codes(r)).containsExactly(SIGNATURE_INVALID, REPORT_DATA_MISMATCH);
    }

    @Test
    void genuine_report_with_another_nonce_is_a_report_data_mismatch_only() {
        AppraisalResult r = VERIFIER.verify(Vectors.bytes(MILAN), milanChain(), new byte[] {1, 2, 3});
        assertThat(codes(r)).containsExactly(REPORT_DATA_MISMATCH);
    }

    @Test
    void flipped_chip_id_bit_breaks_signature_and_hardware_binding() {
        assertThat(codes(VERIFIER.verify(flip(Vectors.bytes(MILAN), 0x1A0), milanChain())))
                .containsExactly(SIGNATURE_INVALID, HWID_MISMATCH);
    }

    @Test
    void turin_chip_id_compares_only_the_first_eight_bytes() {
        assertThat(codes(VERIFIER.verify(flip(Vectors.bytes(TURIN), 0x1A7), turinChain())))
                .containsExactly(SIGNATURE_INVALID, HWID_MISMATCH);
        assertThat(codes(VERIFIER.verify(flip(Vectors.bytes(TURIN), 0x1A8), turinChain())))
                .containsExactly(SIGNATURE_INVALID);
    }

    @Test
    void flipped_reported_tcb_breaks_signature_and_tcb_binding() {
        AppraisalResult r = VERIFIER.verify(flip(Vectors.bytes(MILAN), 0x180), milanChain());
        assertThat(codes(r)).containsExactly(SIGNATURE_INVALID, TCB_MISMATCH);
        assertThat(r.reasons().get(1).detail()).contains("blSPL 4 vs report 5");
    }

    @Test
    void turin_fmc_spl_is_compared() {
        AppraisalResult r = VERIFIER.verify(flip(Vectors.bytes(TURIN), 0x180), turinChain());
        assertThat(codes(r)).containsExactly(SIGNATURE_INVALID, TCB_MISMATCH);
        assertThat(r.reasons().get(1).detail()).contains("fmcSPL 1 vs report 0");
    }

    @Test
    void flipped_bit_in_vcek_signature_breaks_the_chain() throws Exception {
        SnpCollateral c = milanChain();
        byte[] der = c.leaf().getEncoded();
        X509Certificate tampered = parse(flip(der, der.length - 10));
        assertThat(codes(VERIFIER.verify(Vectors.bytes(MILAN), c.withLeaf(tampered))))
                .containsExactly(CHAIN_INVALID);
    }

    @Test
    void vcek_of_another_chip_fails_signature_hwid_and_tcb() {
        SnpCollateral other = milanChain().withLeaf(Vectors.cert("collateral/vcek-milan-trustee.der"));
        assertThat(codes(VERIFIER.verify(Vectors.bytes(MILAN), other)))
                .containsExactly(SIGNATURE_INVALID, HWID_MISMATCH, TCB_MISMATCH);
    }

    @Test
    void genoa_roots_do_not_endorse_a_milan_vcek() {
        SnpCollateral wrong = Vectors.collateral("collateral/vcek-genoa-ms.pem", "roots/amd-genoa-ask-ark.pem")
                .withLeaf(milanChain().leaf());
        AppraisalResult r = VERIFIER.verify(Vectors.bytes(MILAN), wrong);
        assertThat(codes(r)).containsExactly(CHAIN_INVALID, CHAIN_INVALID, CHAIN_INVALID);
        assertThat(r.reasons()).extracting(Reason::detail).anyMatch(d -> d.contains("not signed by a trusted ARK"));
    }

    @Test
    void milan_report_with_a_genoa_vcek_reports_the_product_conflict() {
        SnpCollateral genoa = Vectors.collateral("collateral/vcek-genoa-ms.pem", "roots/amd-genoa-ask-ark.pem");
        AppraisalResult r = VERIFIER.verify(Vectors.bytes(MILAN), genoa);
        assertThat(r.reasons()).extracting(Reason::detail)
                .anyMatch(d -> d.contains("CPUID is Milan but the certificate is for Genoa"));
        assertThat(codes(r)).contains(CHAIN_INVALID, SIGNATURE_INVALID, HWID_MISMATCH);
    }

    @Test
    void verification_after_the_vcek_expires_is_cert_expired() {
        SnpVerifier later = SnpVerifier.production(Clock.fixed(Instant.parse("2040-01-01T00:00:00Z"), ZoneOffset.UTC));
        AppraisalResult r = later.verify(Vectors.bytes(MILAN), milanChain());
        assertThat(codes(r)).containsExactly(CERT_EXPIRED);
        assertThat(r.reasons().getFirst().detail()).contains("SEV-VCEK expired at 2033-02-05");
    }

    @Test
    void vlek_is_expired_today() {
        SnpVerifier now = SnpVerifier.production(Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC));
        SnpCollateral vlek = Vectors.collateral("collateral/vlek-milan-trustee.der", "roots/amd-milan-asvk-ark.pem");
        assertThat(codes(now.verify(Vectors.bytes("snp/milan-v3-vlek-trustee.bin"), vlek)))
                .containsExactly(CERT_EXPIRED);
    }

    @Test
    void vlek_with_the_ask_instead_of_the_asvk_is_rejected() {
        SnpVerifier at = SnpVerifier.production(Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC));
        SnpCollateral c = SnpCollateral.of(Vectors.cert("collateral/vlek-milan-trustee.der"),
                Vectors.cert("roots/amd-milan-ask-ark.pem"));
        assertThat(codes(at.verify(Vectors.bytes("snp/milan-v3-vlek-trustee.bin"), c))).contains(CHAIN_INVALID);
    }

    @Test
    void vcek_signed_report_claimed_by_a_vlek_certificate_is_rejected() {
        SnpVerifier at = SnpVerifier.production(Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC));
        SnpCollateral vlek = Vectors.collateral("collateral/vlek-milan-trustee.der", "roots/amd-milan-asvk-ark.pem");
        AppraisalResult r = at.verify(Vectors.bytes("snp/milan-v2-trustee.bin"), vlek);
        assertThat(codes(r)).contains(SIGNATURE_INVALID, CHAIN_INVALID);
        assertThat(r.reasons()).extracting(Reason::detail).anyMatch(d -> d.contains("SIGNING_KEY is VCEK"));
    }

    @Test
    void synthetic_invalid_vceks_are_rejected_for_chain_signature_hwid_and_tcb() {
        SnpCollateral real = Vectors.collateral("collateral/vcek-milan-trustee.der", "roots/amd-milan-ask-ark.pem");
        for (String bad : new String[] {"collateral/vcek-invalid-legacy-trustee.der",
                "collateral/vcek-invalid-new-trustee.der"}) {
            AppraisalResult r = VERIFIER.verify(Vectors.bytes("snp/milan-v2-trustee.bin"), real.withLeaf(Vectors.cert(bad)));
            assertThat(codes(r)).as(bad).containsExactly(CHAIN_INVALID, SIGNATURE_INVALID, HWID_MISMATCH, TCB_MISMATCH);
        }
    }

    @Test
    void octet_string_wrapped_hwid_is_unwrapped() {
        AppraisalResult r = VERIFIER.verify(Vectors.bytes("snp/milan-v2-trustee.bin"),
                milanChain().withLeaf(Vectors.cert("collateral/vcek-invalid-new-trustee.der")));
        assertThat(r.reasons()).extracting(Reason::detail)
                .anyMatch(d -> d.startsWith("VCEK hwID 0001020304050607"));
    }

    @Test
    void wrong_version_and_size_are_reported_not_thrown() {
        byte[] v4 = Vectors.bytes(MILAN);
        v4[0] = 4;
        assertThat(codes(VERIFIER.verify(v4, milanChain()))).containsExactly(UNSUPPORTED_VERSION);
        assertThat(codes(VERIFIER.verify(Arrays.copyOf(Vectors.bytes(MILAN), 1183), milanChain())))
                .containsExactly(MALFORMED);
    }

    private static X509Certificate parse(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }
}
