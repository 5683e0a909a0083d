package dev.trustplane.ledger;

import dev.trustplane.ledger.internal.CanonicalJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One decision to record (an attestation verdict, a key release or denial, a policy change), stored as
 * canonical JSON (RFC 8785) {@code {"type": type, ...fields}}.
 *
 * <p><b>Never key material.</b> Records are public to every auditor, forever. Callers pass identifiers,
 * names, versions and hashes (e.g. {@code "keyId"}, {@code "policySha256"}, {@code "evidenceSha256"}) —
 * never keys, secrets, tokens or plaintext. As a safety net the factory refuses values that are not plain
 * JSON (byte arrays, {@link java.security.Key} objects, ...), member names that denote secrets
 * ({@code privateKey}, {@code secret}, {@code password}, {@code token}, {@code plaintext}, {@code keyMaterial},
 * ...), JWK private members ({@code d p q dp dq qi k} in an object with {@code kty}) and PEM private keys.
 *
 * @param type   what was decided, e.g. {@code attestation.verdict} or {@code key.release}
 * @param fields the details: strings, integers (±2^53−1), booleans, null, maps and lists
 */
public record DecisionRecord(String type, Map<String, Object> fields) {
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9._-]{0,63}");
    private static final Set<String> SECRET_NAMES = Set.of("privatekey", "secret", "secretkey", "password", "passphrase",
            "token", "accesstoken", "bearer", "plaintext", "keymaterial", "rawkey", "seed", "pkcs8", "symmetrickey");
    private static final Set<String> JWK_PRIVATE = Set.of("d", "p", "q", "dp", "dq", "qi", "k", "oth");

    public DecisionRecord {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("decision type must match " + TYPE.pattern());
        }
        if (fields.containsKey("type")) {
            throw new IllegalArgumentException("the member name 'type' is reserved for the decision type");
        }
        check(fields, "");
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The record as RFC 8785 canonical JSON (UTF-8). */
    public byte[] canonicalJson() {
        Map<String, Object> all = new LinkedHashMap<>(fields);
        all.put("type", type);
        return CanonicalJson.encode(all);
    }

    private static void check(Object value, String path) {
        switch (value) {
            case null -> { }
            case String s -> {
                if (s.contains("PRIVATE KEY-----")) {
                    throw refused(path, "looks like a PEM private key");
                }
            }
            case Boolean b -> { }
            case Integer i -> { }
            case Long l -> { }
            case Map<?, ?> map -> {
                boolean jwk = map.containsKey("kty");
                for (var e : map.entrySet()) {
                    if (!(e.getKey() instanceof String name)) {
                        throw refused(path, "has a member name that is not a string");
                    }
                    String normal = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
                    if (SECRET_NAMES.contains(normal) || (jwk && JWK_PRIVATE.contains(name))) {
                        throw refused(path + "/" + name, "names secret material; record ids or hashes instead");
                    }
                    check(e.getValue(), path + "/" + name);
                }
            }
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    check(list.get(i), path + "/" + i);
                }
            }
            default -> throw refused(path, "is a " + value.getClass().getSimpleName()
                    + "; only strings, integers, booleans, null, maps and lists are allowed");
        }
    }

    private static IllegalArgumentException refused(String path, String why) {
        return new IllegalArgumentException("decision record member '" + (path.isEmpty() ? "/" : path) + "' " + why);
    }
}
