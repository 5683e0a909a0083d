package dev.trustplane.kms;

import java.util.EnumSet;
import java.util.Set;

/** Key Vault's {@code key_ops} values. */
public enum KeyOperation {
    ENCRYPT("encrypt"),
    DECRYPT("decrypt"),
    SIGN("sign"),
    VERIFY("verify"),
    WRAP_KEY("wrapKey"),
    UNWRAP_KEY("unwrapKey"),
    IMPORT("import"),
    EXPORT("export");

    private final String wire;

    KeyOperation(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static KeyOperation fromWire(String text) {
        for (KeyOperation op : values()) {
            if (op.wire.equals(text)) {
                return op;
            }
        }
        throw KmsException.badParameter("Unsupported key operation '" + text + "'.");
    }

    /** Operations that keep working outside the nbf/exp window (Key Vault: decrypt, unwrap, verify, release). */
    public boolean allowedOutsideValidity() {
        return this == DECRYPT || this == UNWRAP_KEY || this == VERIFY;
    }

    /** The operations meaningful for a family; the default {@code key_ops} of a new key. */
    public static Set<KeyOperation> supportedBy(KeyType.Family family) {
        return switch (family) {
            case RSA -> EnumSet.of(ENCRYPT, DECRYPT, SIGN, VERIFY, WRAP_KEY, UNWRAP_KEY);
            case EC -> EnumSet.of(SIGN, VERIFY);
            case OCT -> EnumSet.of(ENCRYPT, DECRYPT, WRAP_KEY, UNWRAP_KEY);
        };
    }
}
