package dev.trustplane.evidence.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quotes generated here, over a SHA-384 PCR bank, signed with RSA-PSS and ECDSA P-256 AKs given as
 * TPM2B_PUBLIC — the schemes the real vectors lack.
 */
class GeneratedQuoteTest {

    private static final byte[] NONCE = "fresh-nonce-0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final List<Integer> SELECTED = List.of(0, 1, 4, 7, 10, 16, 23);
    private static KeyPair rsa;
    private static KeyPair ec;
    private static PcrValues pcrs;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        rsa = r.generateKeyPair();
        KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
        e.initialize(new ECGenParameterSpec("secp256r1"));
        ec = e.generateKeyPair();
        PcrValues.Builder b = PcrValues.builder();
        for (int i = 0; i < 24; i++) {
            b.put(TpmHash.SHA384, i, TpmHash.SHA384.digest(new byte[] {(byte) i}));
        }
        pcrs = b.build();
    }

    /** pcrDigest = H_sign(concatenation of the selected SHA-384 values, ascending index). */
    private static byte[] quoteFor(TpmHash signHash) {
        MessageDigest md = signHash.newDigest();
        for (int i : SELECTED) {
            md.update(pcrs.get(TpmHash.SHA384, i).orElseThrow());
        }
        byte[] name = new byte[34];
        name[1] = 0x0B;
        return TpmMarshal.quote(name, NONCE, List.of(PcrSelection.of(TpmHash.SHA384, SELECTED)), md.digest());
    }

    private static byte[] tpm2b(byte[] b) {
        return new TpmMarshal().tpm2b(b).bytes();
    }

    private static byte[] signPss(byte[] msg, int saltLength) throws Exception {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, saltLength, 1));
        s.initSign(rsa.getPrivate());
        s.update(msg);
        return s.sign();
    }

    @Test
    void RSA_PSS_SHA384_quote_verifies_with_TPM2B_PUBLIC_AK() throws Exception {
        byte[] attest = quoteFor(TpmHash.SHA384);
        byte[] sig = TpmMarshal.rsaSignature(SignatureScheme.RSAPSS, TpmHash.SHA384, signPss(attest, 48));
        AttestationKey ak = AttestationKey.fromTpm2bPublic(
                tpm2b(TpmMarshal.publicArea(rsa.getPublic(), SignatureScheme.RSAPSS, TpmHash.SHA384)));

        QuoteVerification v = QuoteVerifier.verify(TpmsAttest.parse(attest), TpmSignature.parse(sig), ak, pcrs, NONCE);

        assertThat(ak.scheme()).isEqualTo(SignatureScheme.RSAPSS);
        assertThat(v.failures()).isEmpty();
        assertThat(v.verified()).isTrue();
        assertThat(v.attest().pcrSelections()).containsExactly(new PcrSelection(0x000C, SELECTED));
        assertThat(v.quotedPcrs().indices(TpmHash.SHA384)).isEqualTo(SELECTED);
    }

    @Test
    void RSA_PSS_with_maximum_salt_also_verifies() throws Exception {
        byte[] attest = quoteFor(TpmHash.SHA384);
        byte[] sig = TpmMarshal.rsaSignature(SignatureScheme.RSAPSS, TpmHash.SHA384, signPss(attest, 256 - 48 - 2));
        AttestationKey ak = AttestationKey.of(rsa.getPublic()).withAlgorithm(SignatureScheme.RSAPSS, TpmHash.SHA384);
        assertThat(QuoteVerifier.verify(TpmsAttest.parse(attest), TpmSignature.parse(sig), ak, pcrs, NONCE).verified())
                .isTrue();
    }

    @Test
    void ECDSA_P256_SHA256_quote_over_SHA384_bank_verifies() throws Exception {
        byte[] attest = quoteFor(TpmHash.SHA256);
        // many signatures so that r or s with a leading zero byte (stripped in the TPM2B) is exercised
        for (int round = 0; round < 64; round++) {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(ec.getPrivate());
            s.update(attest);
            byte[] sig = TpmMarshal.ecdsaSignature(TpmHash.SHA256, s.sign());
            AttestationKey ak = AttestationKey.fromTpm2bPublic(
                    tpm2b(TpmMarshal.publicArea(ec.getPublic(), SignatureScheme.ECDSA, TpmHash.SHA256)));
            QuoteVerification v = QuoteVerifier.verify(TpmsAttest.parse(attest), TpmSignature.parse(sig), ak, pcrs, NONCE);
            assertThat(v.failures()).as("round %d", round).isEmpty();
        }
    }

    @Test
    void ECDSA_quote_is_refused_by_a_SHA384_pinned_key_and_tampering_is_caught() throws Exception {
        byte[] attest = quoteFor(TpmHash.SHA256);
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(ec.getPrivate());
        s.update(attest);
        TpmSignature sig = TpmSignature.parse(TpmMarshal.ecdsaSignature(TpmHash.SHA256, s.sign()));
        AttestationKey p256 = AttestationKey.of(ec.getPublic());
        AttestationKey sha384 = p256.withAlgorithm(SignatureScheme.ECDSA, TpmHash.SHA384);

        assertThat(QuoteVerifier.verify(TpmsAttest.parse(attest), sig, sha384, pcrs, NONCE).failures())
                .startsWith(QuoteFailure.SIGNATURE_ALGORITHM_NOT_PINNED, QuoteFailure.SIGNATURE_INVALID);
        attest[attest.length - 1] ^= 0x40; // last byte of pcrDigest
        assertThat(QuoteVerifier.verify(TpmsAttest.parse(attest), sig, p256, pcrs, NONCE).failures())
                .containsExactly(QuoteFailure.SIGNATURE_INVALID, QuoteFailure.PCR_DIGEST_MISMATCH);
    }

    @Test
    void missing_PCR_value_is_PCR_VALUE_MISSING() throws Exception {
        byte[] attest = quoteFor(TpmHash.SHA256);
        PcrValues onlySha256 = PcrValues.ofBank(TpmHash.SHA256, List.of(new byte[32]));
        QuoteVerification v = QuoteVerifier.verify(TpmsAttest.parse(attest), TpmSignature.raw(new byte[64]),
                AttestationKey.of(ec.getPublic()), onlySha256, null);
        assertThat(v.failures()).containsExactly(QuoteFailure.SIGNATURE_INVALID, QuoteFailure.PCR_VALUE_MISSING);
        assertThat(v.outcome(QuoteCheck.NONCE).status()).isEqualTo(CheckOutcome.Status.SKIPPED);
        assertThat(v.quotedPcrs().indices(TpmHash.SHA384)).isEmpty();
    }

    @Test
    void EC_AK_from_JWK_and_PEM_pins_the_curve_default() throws Exception {
        var w = ((java.security.interfaces.ECPublicKey) ec.getPublic()).getW();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String jwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + b64.encodeToString(TpmMarshal.unsigned(w.getAffineX(), 32))
                + "\",\"y\":\"" + b64.encodeToString(TpmMarshal.unsigned(w.getAffineY(), 32)) + "\"}";
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ec.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";

        AttestationKey fromJwk = AttestationKey.fromJwk(jwk);
        AttestationKey fromPem = AttestationKey.fromPem(pem);

        assertThat(fromJwk.publicKey().getEncoded()).isEqualTo(ec.getPublic().getEncoded());
        assertThat(fromJwk.scheme()).isEqualTo(SignatureScheme.ECDSA);
        assertThat(fromJwk.hash()).isEqualTo(TpmHash.SHA256);
        assertThat(fromPem).isEqualTo(AttestationKey.of(ec.getPublic()));
    }
}
