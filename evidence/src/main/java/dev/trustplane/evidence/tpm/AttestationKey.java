package dev.trustplane.evidence.tpm;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;

/**
 * An attestation key (AK) together with the one signature algorithm it is trusted for. The
 * algorithm is pinned here, from the key, and {@link QuoteVerifier} refuses any quote whose
 * TPMT_SIGNATURE names a different scheme or hash: the evidence never chooses its own algorithm.
 *
 * <p>Defaults when the key source does not name a scheme: RSA keys verify RSASSA-PKCS1-v1_5 with
 * SHA-256 (what Azure vTPM and trustee AKs produce); EC keys verify ECDSA with the curve's natural
 * hash (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512). A TPMT_PUBLIC with a non-NULL scheme pins
 * exactly that scheme and hash. Use {@link #withAlgorithm} to pin something else explicitly.
 */
public record AttestationKey(PublicKey publicKey, SignatureScheme scheme, TpmHash hash) {

    public AttestationKey {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(hash, "hash");
        if (!scheme.keyAlgorithm().equals(keyAlgorithm(publicKey))) {
            throw new IllegalArgumentException(scheme + " does not fit a " + publicKey.getAlgorithm() + " key");
        }
        if (publicKey instanceof ECPublicKey ec && EcCurves.of(ec).isEmpty()) {
            throw new IllegalArgumentException("EC key is not on P-256, P-384 or P-521");
        }
        if (publicKey instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
            throw new IllegalArgumentException("RSA key shorter than 2048 bits");
        }
    }

    /** Wraps a JCA key with the default algorithm for its type (see class comment). */
    public static AttestationKey of(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            EcCurves curve = EcCurves.of(ec).orElseThrow(
                    () -> new IllegalArgumentException("EC key is not on P-256, P-384 or P-521"));
            return new AttestationKey(key, SignatureScheme.ECDSA, curve.defaultHash);
        }
        if (key instanceof RSAPublicKey) {
            return new AttestationKey(key, SignatureScheme.RSASSA, TpmHash.SHA256);
        }
        throw new IllegalArgumentException("unsupported AK type " + key.getAlgorithm());
    }

    /** From a parsed TPMT_PUBLIC: its own scheme if it has one, otherwise the type default. */
    public static AttestationKey of(TpmPublic area) {
        AttestationKey base = of(area.publicKey());
        if (area.scheme().isPresent() && area.schemeHash().isPresent()) {
            return base.withAlgorithm(area.scheme().get(), area.schemeHash().get());
        }
        return base;
    }

    /** Parses a TPMT_PUBLIC (no size prefix). */
    public static AttestationKey fromTpmtPublic(byte[] tpmtPublic) throws TpmFormatException {
        return checked(() -> of(TpmPublic.parse(tpmtPublic)));
    }

    /** Parses a TPM2B_PUBLIC (u16 size prefix). */
    public static AttestationKey fromTpm2bPublic(byte[] tpm2bPublic) throws TpmFormatException {
        return checked(() -> of(TpmPublic.parseTpm2b(tpm2bPublic)));
    }

    /** Parses a DER SubjectPublicKeyInfo. */
    public static AttestationKey fromSpki(byte[] der) throws TpmFormatException {
        return checked(() -> of(PublicKeys.fromSpki(der)));
    }

    /** Parses PEM text: a PUBLIC KEY (SubjectPublicKeyInfo) or a CERTIFICATE (its subject key). */
    public static AttestationKey fromPem(String pem) throws TpmFormatException {
        return checked(() -> of(PublicKeys.fromPem(pem)));
    }

    /** Parses a JSON Web Key (RFC 7517/7518; RSA {@code n,e} or EC {@code crv,x,y}). */
    public static AttestationKey fromJwk(String jwkJson) throws TpmFormatException {
        return checked(() -> of(PublicKeys.fromJwk(jwkJson)));
    }

    /** As {@link #fromJwk(String)}, for an already parsed JSON object. */
    public static AttestationKey fromJwk(tools.jackson.databind.JsonNode jwk) throws TpmFormatException {
        return checked(() -> of(PublicKeys.fromJwk(jwk)));
    }

    private interface KeySource {
        AttestationKey get() throws TpmFormatException;
    }

    /** Key-policy rejections (short RSA, unknown curve) become format errors for untrusted input. */
    private static AttestationKey checked(KeySource source) throws TpmFormatException {
        try {
            return source.get();
        } catch (IllegalArgumentException e) {
            throw new TpmFormatException("AK", -1, e.getMessage());
        }
    }

    /** The same key pinned to another algorithm; fails if the scheme does not fit the key type. */
    public AttestationKey withAlgorithm(SignatureScheme newScheme, TpmHash newHash) {
        return new AttestationKey(publicKey, newScheme, newHash);
    }

    static String keyAlgorithm(PublicKey key) {
        return key instanceof ECPublicKey ? "EC" : key instanceof RSAPublicKey ? "RSA" : key.getAlgorithm();
    }

    @Override
    public String toString() {
        return "AttestationKey[" + keyAlgorithm(publicKey) + ", " + scheme + "/" + hash + "]";
    }
}
