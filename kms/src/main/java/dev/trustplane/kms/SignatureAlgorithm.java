package dev.trustplane.kms;

/**
 * Signature algorithms of the keys API. The client sends the digest; its length is pinned by the algorithm
 * and, for ES*, so is the curve (Nimbus-style pinning: the input never chooses).
 */
public enum SignatureAlgorithm {
    RS256(KeyType.Family.RSA, "SHA-256", 32, null),
    RS384(KeyType.Family.RSA, "SHA-384", 48, null),
    RS512(KeyType.Family.RSA, "SHA-512", 64, null),
    PS256(KeyType.Family.RSA, "SHA-256", 32, null),
    PS384(KeyType.Family.RSA, "SHA-384", 48, null),
    PS512(KeyType.Family.RSA, "SHA-512", 64, null),
    ES256(KeyType.Family.EC, "SHA-256", 32, Curve.P_256),
    ES384(KeyType.Family.EC, "SHA-384", 48, Curve.P_384),
    ES512(KeyType.Family.EC, "SHA-512", 64, Curve.P_521),
    ES256K(KeyType.Family.EC, "SHA-256", 32, Curve.P_256K);

    private final KeyType.Family family;
    private final String hash;
    private final int digestLength;
    private final Curve curve;

    SignatureAlgorithm(KeyType.Family family, String hash, int digestLength, Curve curve) {
        this.family = family;
        this.hash = hash;
        this.digestLength = digestLength;
        this.curve = curve;
    }

    public KeyType.Family family() {
        return family;
    }

    /** JCA name of the hash the digest was made with. */
    public String hash() {
        return hash;
    }

    public int digestLength() {
        return digestLength;
    }

    /** The curve an ES* algorithm requires; null for RSA. */
    public Curve curve() {
        return curve;
    }

    public boolean isPss() {
        return name().startsWith("PS");
    }

    public static SignatureAlgorithm fromWire(String text) {
        for (SignatureAlgorithm alg : values()) {
            if (alg.name().equals(text)) {
                return alg;
            }
        }
        throw KmsException.badParameter("Unsupported signature algorithm '" + text
                + "'; supported: RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, ES256K.");
    }
}
