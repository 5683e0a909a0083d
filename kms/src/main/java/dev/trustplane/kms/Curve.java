package dev.trustplane.kms;

/** Elliptic curves ({@code crv}) with their JDK names, field sizes and the digest length their ES alg pins. */
public enum Curve {
    P_256("P-256", "secp256r1", 32),
    P_384("P-384", "secp384r1", 48),
    P_521("P-521", "secp521r1", 66),
    P_256K("P-256K", "secp256k1", 32);

    private final String wire;
    private final String stdName;
    private final int coordinateBytes;

    Curve(String wire, String stdName, int coordinateBytes) {
        this.wire = wire;
        this.stdName = stdName;
        this.coordinateBytes = coordinateBytes;
    }

    public String wire() {
        return wire;
    }

    /** The SEC 2 name ({@code secp256r1} …). */
    public String stdName() {
        return stdName;
    }

    /** Length in bytes of a coordinate, of {@code d}, and of each of r and s in a P1363 signature. */
    public int coordinateBytes() {
        return coordinateBytes;
    }

    public static Curve fromWire(String text) {
        for (Curve curve : values()) {
            if (curve.wire.equals(text)) {
                return curve;
            }
        }
        throw KmsException.badParameter("Unsupported curve '" + text + "'; supported: P-256, P-384, P-521, P-256K.");
    }
}
