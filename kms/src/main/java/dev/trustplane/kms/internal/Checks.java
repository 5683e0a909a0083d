package dev.trustplane.kms.internal;

import dev.trustplane.kms.Kms;
import dev.trustplane.kms.KeyOperation;
import dev.trustplane.kms.KeyType;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.ReleasePolicy;
import dev.trustplane.kms.release.InvalidReleasePolicyException;
import dev.trustplane.kms.release.KeyReleasePolicy;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Input rules of the keys API: names, versions, key_ops, tags, validity windows, release policy pairing. */
final class Checks {
    static final int MAX_TAGS = 15;
    static final int MAX_TAG_LENGTH = 256;

    private Checks() {}

    static void name(String name) {
        if (name == null || !Kms.NAME.matcher(name).matches()) {
            throw KmsException.badParameter("The key name must match ^[0-9a-zA-Z-]{1,127}$.");
        }
    }

    /** Null or empty means "latest"; otherwise 32 hex characters. Unknown-format versions simply do not exist. */
    static String version(String name, String version) {
        if (version == null || version.isEmpty()) {
            return null;
        }
        if (!Kms.VERSION.matcher(version).matches()) {
            throw KmsException.notFound("A key with (name/id) " + name + "/" + version + " was not found in this key vault.");
        }
        return version;
    }

    /** The effective key_ops: empty means all the family supports; otherwise each must suit the family. */
    static List<KeyOperation> keyOps(KeyType type, List<KeyOperation> requested) {
        Set<KeyOperation> allowed = EnumSet.copyOf(KeyOperation.supportedBy(type.family()));
        allowed.add(KeyOperation.EXPORT);
        if (type.family() == KeyType.Family.RSA) {
            allowed.add(KeyOperation.IMPORT);
        }
        if (requested.isEmpty()) {
            return List.copyOf(KeyOperation.supportedBy(type.family()));
        }
        for (KeyOperation op : requested) {
            if (!allowed.contains(op)) {
                throw KmsException.badParameter("Key operation '" + op.wire() + "' is not supported by a " + type.wire() + " key.");
            }
        }
        return List.copyOf(EnumSet.copyOf(requested));
    }

    static void tags(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw KmsException.badParameter("A key can have at most " + MAX_TAGS + " tags.");
        }
        tags.forEach((k, v) -> {
            if (k.isEmpty() || k.length() > MAX_TAG_LENGTH || v == null || v.length() > MAX_TAG_LENGTH) {
                throw KmsException.badParameter("Tag names must be 1 to 256 characters and values at most 256.");
            }
        });
    }

    static void window(Optional<Instant> nbf, Optional<Instant> exp) {
        if (nbf.isPresent() && exp.isPresent() && !nbf.get().isBefore(exp.get())) {
            throw KmsException.badParameter("The 'nbf' attribute must be before 'exp'.");
        }
    }

    /**
     * Key Vault's pairing rules (exportable keys need a release policy, others must not have one), then the
     * policy document itself must follow the release policy grammar, so that a key can never hold a policy
     * that release would later fail to read.
     */
    static void releasePolicy(boolean exportable, Optional<ReleasePolicy> policy) {
        if (exportable && policy.isEmpty()) {
            throw KmsException.badParameter("AKV.SKR.1004: Exportable keys must have release policy.");
        }
        if (!exportable && policy.isPresent()) {
            throw KmsException.badParameter("AKV.SKR.1005: Non-exportable keys must not have release policy.");
        }
        if (policy.isPresent()) {
            try {
                KeyReleasePolicy.parse(policy.get().data());
            } catch (InvalidReleasePolicyException e) {
                throw KmsException.badParameter("Invalid release policy: " + e.getMessage());
            }
        }
    }

    /** The key size to generate (defaults: RSA 2048, oct 256; 0 for EC), after Key Vault's size rules. */
    static int createSize(dev.trustplane.kms.CreateKeyOptions options) {
        int size = options.keySize();
        return switch (options.kty().family()) {
            case RSA -> {
                size = size == 0 ? 2048 : size;
                if (!KeyType.RSA_SIZES.contains(size)) {
                    throw KmsException.badParameter("RSA key size must be 2048, 3072 or 4096; got " + size + ".");
                }
                if (options.publicExponent() != 0 && options.publicExponent() != 65537) {
                    throw KmsException.badParameter("The only supported public exponent is 65537.");
                }
                yield size;
            }
            case EC -> 0;
            case OCT -> {
                size = size == 0 ? 256 : size;
                if (!KeyType.OCT_SIZES.contains(size)) {
                    throw KmsException.badParameter("oct key size must be 128, 192 or 256; got " + size + ".");
                }
                yield size;
            }
        };
    }

    static KmsException keyNotFound(String name) {
        return KmsException.notFound("A key with (name/id) " + name + " was not found in this key vault.");
    }
}
