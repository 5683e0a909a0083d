package dev.trustplane.kms;

import java.util.List;

/** Key Vault's {@code kty}. Software and "-HSM" variants are stored and operated alike here. */
public enum KeyType {
    RSA("RSA", Family.RSA),
    RSA_HSM("RSA-HSM", Family.RSA),
    EC("EC", Family.EC),
    EC_HSM("EC-HSM", Family.EC),
    OCT("oct", Family.OCT),
    OCT_HSM("oct-HSM", Family.OCT);

    /** The cryptographic family a key type belongs to. */
    public enum Family { RSA, EC, OCT }

    /** RSA modulus sizes we create and import. */
    public static final List<Integer> RSA_SIZES = List.of(2048, 3072, 4096);
    /** AES key sizes (bits) for oct keys. */
    public static final List<Integer> OCT_SIZES = List.of(128, 192, 256);

    private final String wire;
    private final Family family;

    KeyType(String wire, Family family) {
        this.wire = wire;
        this.family = family;
    }

    public String wire() {
        return wire;
    }

    public Family family() {
        return family;
    }

    /** Parses a wire name exactly as Key Vault spells it. */
    public static KeyType fromWire(String text) {
        for (KeyType type : values()) {
            if (type.wire.equals(text)) {
                return type;
            }
        }
        throw KmsException.badParameter("Unsupported key type '" + text + "'; supported: RSA, RSA-HSM, EC, EC-HSM, oct, oct-HSM.");
    }
}
