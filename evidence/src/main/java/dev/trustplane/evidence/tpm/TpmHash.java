package dev.trustplane.evidence.tpm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** TPM_ALG_ID values of the hash algorithms this verifier accepts (TPM 2.0 Part 2, table "TPM_ALG_ID"). */
public enum TpmHash {
    SHA1(0x0004, "SHA-1", 20),
    SHA256(0x000B, "SHA-256", 32),
    SHA384(0x000C, "SHA-384", 48),
    SHA512(0x000D, "SHA-512", 64);

    private final int algId;
    private final String jcaName;
    private final int digestLength;

    TpmHash(int algId, String jcaName, int digestLength) {
        this.algId = algId;
        this.jcaName = jcaName;
        this.digestLength = digestLength;
    }

    public int algId() {
        return algId;
    }

    public String jcaName() {
        return jcaName;
    }

    public int digestLength() {
        return digestLength;
    }

    /** Name fragment used in JCA signature names: {@code SHA256withRSA}. */
    String signatureName() {
        return jcaName.replace("-", "");
    }

    public static Optional<TpmHash> fromAlgId(int algId) {
        for (TpmHash h : values()) {
            if (h.algId == algId) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    public byte[] digest(byte[]... parts) {
        MessageDigest md = newDigest();
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + jcaName, e);
        }
    }
}
