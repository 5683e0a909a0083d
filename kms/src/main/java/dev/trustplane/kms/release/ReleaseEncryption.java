package dev.trustplane.kms.release;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The {@code enc} of a release request: how the key is wrapped to the workload's transfer key. Each is
 * RSA-OAEP (with this hash for both OAEP and MGF1) of an ephemeral AES-256 key, followed by AES key wrap with
 * padding (RFC 5649) of the key material — the scheme of Key Vault's BYOK specification.
 */
public enum ReleaseEncryption {
    CKM_RSA_AES_KEY_WRAP("SHA-1"),
    RSA_AES_KEY_WRAP_256("SHA-256"),
    RSA_AES_KEY_WRAP_384("SHA-384");

    /** Key Vault's default when the request names none. */
    public static final ReleaseEncryption DEFAULT = CKM_RSA_AES_KEY_WRAP;

    private final String oaepHash;

    ReleaseEncryption(String oaepHash) {
        this.oaepHash = oaepHash;
    }

    /** The JCA name of the OAEP and MGF1 hash. */
    public String oaepHash() {
        return oaepHash;
    }

    /** Parses the wire name exactly (Key Vault's values are case-sensitive constants). */
    public static ReleaseEncryption fromWire(String text) {
        for (ReleaseEncryption e : values()) {
            if (e.name().equals(text)) {
                return e;
            }
        }
        throw new ReleaseException(ReleaseException.Kind.BAD_REQUEST, "BadParameter",
                "Unsupported 'enc' value; supported: "
                        + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + ".");
    }
}
