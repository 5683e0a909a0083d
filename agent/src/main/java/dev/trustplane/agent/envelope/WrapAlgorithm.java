package dev.trustplane.agent.envelope;

/** How a data key is wrapped in an envelope; the byte is part of the format. */
enum WrapAlgorithm {
    /** RFC 3394 AES key wrap under an AES-256 key-encryption key: 40 bytes for a 32-byte data key. */
    A256KW(1),
    /** RSA-OAEP with SHA-256 and MGF1-SHA-256 under an RSA key-encryption key. */
    RSA_OAEP_256(2);

    final int code;

    WrapAlgorithm(int code) {
        this.code = code;
    }

    static WrapAlgorithm of(int code) throws EnvelopeException {
        for (WrapAlgorithm a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new EnvelopeException("unknown wrap algorithm " + code + " at offset of the wrap byte");
    }
}
