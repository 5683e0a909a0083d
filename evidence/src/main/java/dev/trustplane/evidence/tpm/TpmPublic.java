package dev.trustplane.evidence.tpm;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;

/**
 * A parsed TPMT_PUBLIC for an RSA or ECC signing key (TPM 2.0 Part 2, "TPMT_PUBLIC",
 * "TPMS_RSA_PARMS", "TPMS_ECC_PARMS"). Big-endian layout:
 *
 * <pre>
 * u16 type (0x0001 RSA | 0x0023 ECC) | u16 nameAlg | u32 objectAttributes | TPM2B authPolicy
 * parameters:
 *   symmetric: u16 alg, then (if not TPM_ALG_NULL 0x0010) u16 keyBits, u16 mode
 *   scheme:    u16 scheme, then (if not TPM_ALG_NULL) u16 hashAlg
 *   RSA: u16 keyBits, u32 exponent (0 means 65537)
 *   ECC: u16 curveID, kdf {u16 scheme, then (if not NULL) u16 hashAlg}
 * unique: RSA: TPM2B modulus | ECC: TPM2B x, TPM2B y
 * </pre>
 *
 * The key's Name is {@code nameAlg || H_nameAlg(TPMT_PUBLIC bytes)}. Note that the
 * {@code qualifiedSigner} of a quote is the <em>qualified</em> name, which differs from the Name.
 */
public record TpmPublic(
        byte[] raw,
        int type,
        int nameAlg,
        long objectAttributes,
        Optional<SignatureScheme> scheme,
        Optional<TpmHash> schemeHash,
        PublicKey publicKey) {

    public static final int TPM_ALG_RSA = 0x0001;
    public static final int TPM_ALG_ECC = 0x0023;
    static final int TPM_ALG_NULL = 0x0010;
    /** objectAttributes bits (Part 2, TPMA_OBJECT). */
    public static final long ATTR_RESTRICTED = 1L << 16;
    public static final long ATTR_SIGN = 1L << 18;

    /** Parses a bare TPMT_PUBLIC. */
    public static TpmPublic parse(byte[] bytes) throws TpmFormatException {
        byte[] copy = bytes.clone();
        TpmReader r = new TpmReader(copy, "TPMT_PUBLIC");
        TpmPublic pub = read(r, copy);
        r.expectEnd();
        return pub;
    }

    /** Parses a TPM2B_PUBLIC (u16 size, then TPMT_PUBLIC). */
    public static TpmPublic parseTpm2b(byte[] bytes) throws TpmFormatException {
        TpmReader r = new TpmReader(bytes.clone(), "TPM2B_PUBLIC");
        int size = r.u16("size");
        if (size != r.remaining()) {
            throw r.fail("size", 0, "declares " + size + " bytes, " + r.remaining() + " follow");
        }
        try {
            return parse(r.bytes("publicArea", size));
        } catch (TpmFormatException e) {
            throw e.shifted(2);
        }
    }

    private static TpmPublic read(TpmReader r, byte[] raw) throws TpmFormatException {
        int type = r.u16("type");
        if (type != TPM_ALG_RSA && type != TPM_ALG_ECC) {
            throw r.fail("type", 0, String.format("not an RSA or ECC key: 0x%04X", type));
        }
        int nameAlgAt = r.position();
        int nameAlg = r.u16("nameAlg");
        if (TpmHash.fromAlgId(nameAlg).isEmpty()) {
            throw r.fail("nameAlg", nameAlgAt, String.format("unsupported hash 0x%04X", nameAlg));
        }
        long attributes = r.u32("objectAttributes");
        r.tpm2b("authPolicy", 64);
        int symAt = r.position();
        int sym = r.u16("parameters.symmetric.algorithm");
        if (sym != TPM_ALG_NULL) {
            r.u16("parameters.symmetric.keyBits");
            r.u16("parameters.symmetric.mode");
        }
        if (sym != TPM_ALG_NULL && (attributes & ATTR_SIGN) != 0) {
            throw r.fail("parameters.symmetric.algorithm", symAt, "a signing key must not have a symmetric algorithm");
        }
        int schemeAt = r.position();
        int schemeId = r.u16("parameters.scheme.scheme");
        Optional<SignatureScheme> scheme = Optional.empty();
        Optional<TpmHash> hash = Optional.empty();
        if (schemeId != TPM_ALG_NULL) {
            scheme = Optional.of(SignatureScheme.fromAlgId(schemeId).orElseThrow(() -> r.fail(
                    "parameters.scheme.scheme", schemeAt, String.format("unsupported scheme 0x%04X", schemeId))));
            int hashAt = r.position();
            int hashId = r.u16("parameters.scheme.details.hashAlg");
            hash = Optional.of(TpmHash.fromAlgId(hashId).orElseThrow(() -> r.fail(
                    "parameters.scheme.details.hashAlg", hashAt, String.format("unsupported hash 0x%04X", hashId))));
            if (!scheme.get().keyAlgorithm().equals(type == TPM_ALG_RSA ? "RSA" : "EC")) {
                throw r.fail("parameters.scheme.scheme", schemeAt, "scheme does not fit the key type");
            }
        }
        PublicKey key = type == TPM_ALG_RSA ? readRsa(r) : readEcc(r);
        return new TpmPublic(raw, type, nameAlg, attributes, scheme, hash, key);
    }

    private static PublicKey readRsa(TpmReader r) throws TpmFormatException {
        int bitsAt = r.position();
        int keyBits = r.u16("parameters.keyBits");
        if (keyBits < 2048 || keyBits > 4096 || keyBits % 8 != 0) {
            throw r.fail("parameters.keyBits", bitsAt, "RSA key size " + keyBits + " not accepted (2048..4096)");
        }
        long exponent = r.u32("parameters.exponent");
        int modAt = r.position();
        byte[] modulus = r.tpm2b("unique.rsa", 512);
        if (modulus.length != keyBits / 8) {
            throw r.fail("unique.rsa", modAt, "modulus is " + modulus.length + " bytes, keyBits says " + keyBits);
        }
        BigInteger e = BigInteger.valueOf(exponent == 0 ? 65537 : exponent);
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(new BigInteger(1, modulus), e));
        } catch (GeneralSecurityException ex) {
            throw r.fail("unique.rsa", modAt, "not a valid RSA public key");
        }
    }

    private static PublicKey readEcc(TpmReader r) throws TpmFormatException {
        int curveAt = r.position();
        int curveId = r.u16("parameters.curveID");
        EcCurves curve = EcCurves.byTpmId(curveId).orElseThrow(
                () -> r.fail("parameters.curveID", curveAt, String.format("unsupported curve 0x%04X", curveId)));
        int kdf = r.u16("parameters.kdf.scheme");
        if (kdf != TPM_ALG_NULL) {
            r.u16("parameters.kdf.details.hashAlg");
        }
        int pointAt = r.position();
        byte[] x = r.tpm2b("unique.ecc.x", curve.fieldBytes);
        byte[] y = r.tpm2b("unique.ecc.y", curve.fieldBytes);
        return curve.publicKey(x, y).orElseThrow(() -> r.fail("unique.ecc", pointAt, "point is not on " + curve.jwkName));
    }

    /** The key's TPM Name: nameAlg (u16) followed by the nameAlg digest of the TPMT_PUBLIC bytes. */
    public byte[] name() {
        TpmHash h = TpmHash.fromAlgId(nameAlg).orElseThrow();
        byte[] digest = h.digest(raw);
        byte[] out = new byte[2 + digest.length];
        out[0] = (byte) (nameAlg >> 8);
        out[1] = (byte) nameAlg;
        System.arraycopy(digest, 0, out, 2, digest.length);
        return out;
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    public boolean isRestrictedSigningKey() {
        return (objectAttributes & ATTR_RESTRICTED) != 0 && (objectAttributes & ATTR_SIGN) != 0;
    }

    @Override
    public String toString() {
        return String.format("TpmPublic[type=0x%04X, nameAlg=0x%04X, attributes=0x%X, scheme=%s/%s]",
                type, nameAlg, objectAttributes, scheme.map(Enum::name).orElse("NULL"),
                schemeHash.map(Enum::name).orElse("-"));
    }
}
