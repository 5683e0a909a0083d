package dev.trustplane.attestation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * The policy each attestation type starts with, and returns to on {@code :reset}. As with MAA, every default
 * permits any genuine evidence ("Attestation providers get created with a default policy for each TEE type",
 * {@code basic-concepts.md}; the SGX default authorizes with {@code => permit();}, {@code policy-examples.md}):
 * identity checks need a custom policy. The texts are resources beside this class
 * ({@code defaults/<RouteName>.policy}), parsed when this class loads, so a broken default fails at start.
 */
public final class DefaultPolicies {
    private static final Map<AttestationType, AttestationPolicy> POLICIES = load();

    private DefaultPolicies() {
    }

    /** @return the parsed default policy of a type */
    public static AttestationPolicy of(AttestationType type) {
        return POLICIES.get(type);
    }

    private static Map<AttestationType, AttestationPolicy> load() {
        Map<AttestationType, AttestationPolicy> map = new EnumMap<>(AttestationType.class);
        for (AttestationType type : AttestationType.values()) {
            String name = "defaults/" + type.routeName() + ".policy";
            try (InputStream in = DefaultPolicies.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing default policy resource " + name);
                }
                map.put(type, AttestationPolicy.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read default policy " + name, e);
            }
        }
        return map;
    }
}
