package dev.trustplane.evidence.tpm;

import java.util.Optional;

/** TPM signature schemes (TPM_ALG_ID) this verifier supports for quotes. */
public enum SignatureScheme {
    RSASSA(0x0014, "RSA"),
    RSAPSS(0x0016, "RSA"),
    ECDSA(0x0018, "EC");

    private final int algId;
    private final String keyAlgorithm;

    SignatureScheme(int algId, String keyAlgorithm) {
        this.algId = algId;
        this.keyAlgorithm = keyAlgorithm;
    }

    public int algId() {
        return algId;
    }

    /** JCA key algorithm this scheme needs ("RSA" or "EC"). */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    public static Optional<SignatureScheme> fromAlgId(int algId) {
        for (SignatureScheme s : values()) {
            if (s.algId == algId) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
