package dev.trustplane.kms;

/**
 * Encryption and key-wrap algorithms of the keys API ({@code alg} of encrypt/decrypt/wrapkey/unwrapkey).
 * AES algorithms pin the key size: an A128* algorithm needs a 128-bit oct key.
 */
public enum EncryptionAlgorithm {
    RSA_OAEP("RSA-OAEP", KeyType.Family.RSA, 0, Mode.RSA),
    RSA_OAEP_256("RSA-OAEP-256", KeyType.Family.RSA, 0, Mode.RSA),
    RSA1_5("RSA1_5", KeyType.Family.RSA, 0, Mode.RSA),
    A128GCM("A128GCM", KeyType.Family.OCT, 128, Mode.GCM),
    A192GCM("A192GCM", KeyType.Family.OCT, 192, Mode.GCM),
    A256GCM("A256GCM", KeyType.Family.OCT, 256, Mode.GCM),
    A128KW("A128KW", KeyType.Family.OCT, 128, Mode.KW),
    A192KW("A192KW", KeyType.Family.OCT, 192, Mode.KW),
    A256KW("A256KW", KeyType.Family.OCT, 256, Mode.KW),
    A128CBC("A128CBC", KeyType.Family.OCT, 128, Mode.CBC),
    A192CBC("A192CBC", KeyType.Family.OCT, 192, Mode.CBC),
    A256CBC("A256CBC", KeyType.Family.OCT, 256, Mode.CBC),
    A128CBCPAD("A128CBCPAD", KeyType.Family.OCT, 128, Mode.CBCPAD),
    A192CBCPAD("A192CBCPAD", KeyType.Family.OCT, 192, Mode.CBCPAD),
    A256CBCPAD("A256CBCPAD", KeyType.Family.OCT, 256, Mode.CBCPAD);

    /** How the algorithm processes data. */
    public enum Mode { RSA, GCM, KW, CBC, CBCPAD }

    private final String wire;
    private final KeyType.Family family;
    private final int aesKeyBits;
    private final Mode mode;

    EncryptionAlgorithm(String wire, KeyType.Family family, int aesKeyBits, Mode mode) {
        this.wire = wire;
        this.family = family;
        this.aesKeyBits = aesKeyBits;
        this.mode = mode;
    }

    public String wire() {
        return wire;
    }

    public KeyType.Family family() {
        return family;
    }

    /** Required AES key size in bits; 0 for RSA. */
    public int aesKeyBits() {
        return aesKeyBits;
    }

    public Mode mode() {
        return mode;
    }

    /** Whether the algorithm may be used with encrypt/decrypt (all but the AES key wraps). */
    public boolean forEncryption() {
        return mode != Mode.KW;
    }

    /** Whether the algorithm may be used with wrapkey/unwrapkey (RSA and the AES key wraps). */
    public boolean forKeyWrap() {
        return mode == Mode.RSA || mode == Mode.KW;
    }

    public static EncryptionAlgorithm fromWire(String text) {
        for (EncryptionAlgorithm alg : values()) {
            if (alg.wire.equals(text)) {
                return alg;
            }
        }
        throw KmsException.badParameter("Unsupported encryption algorithm '" + text + "'.");
    }
}
