package dev.trustplane.kms;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the PKCS#11 master key lives and how to log in: validated once at start (HikariConfig style), then
 * immutable. Holds no secret: the PIN is named by its source (a file or an environment variable), never by value,
 * so this record may be logged and may appear in command lines.
 *
 * <p>Text form (the {@code master-key} setting of {@code trustplane serve}), comma-separated {@code key=value}
 * pairs after {@code pkcs11:}:
 * <pre>
 * pkcs11:library=/usr/lib/softhsm/libsofthsm2.so,slot-index=0,key-label=trustplane-master,pin-file=/etc/trustplane/hsm.pin,create-key=true
 * </pre>
 * {@code library} and one of {@code slot} (the token's slot id) or {@code slot-index} (its position in the list
 * of slots with a token; SoftHSM2 renumbers slot ids when a token is initialised, so the index is the stable
 * choice there), and one of {@code pin-file} or {@code pin-env} are required; {@code key-label} defaults to
 * {@code trustplane-master}; {@code create-key} (default false) creates the key when the token has none with
 * that label. Paths containing commas are not supported.
 *
 * @param library   the vendor's PKCS#11 module ({@code .so})
 * @param slot      which token
 * @param keyLabel  {@code CKA_LABEL} of the AES-256 master key
 * @param pin       where the user PIN is read from at start
 * @param createKey whether to generate the key (sensitive, non-extractable) when it is absent
 */
public record Pkcs11Config(Path library, Slot slot, String keyLabel, PinSource pin, boolean createKey) {
    public static final String PREFIX = "pkcs11:";
    public static final String DEFAULT_LABEL = "trustplane-master";
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Set<String> KEYS = Set.of("library", "slot", "slot-index", "key-label", "pin-file", "pin-env",
            "create-key");

    public Pkcs11Config {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(pin, "pin");
        if (keyLabel == null || !LABEL.matcher(keyLabel).matches()) {
            throw new IllegalArgumentException("pkcs11 key-label must be 1 to 32 of A-Z a-z 0-9 . _ -, got '" + keyLabel + "'");
        }
    }

    /** A token by slot id ({@code slot=}) or by position in the slot list ({@code slotListIndex=}). */
    public record Slot(boolean byIndex, long number) {
        public Slot {
            if (number < 0) {
                throw new IllegalArgumentException("pkcs11 slot and slot-index must not be negative");
            }
        }

        public static Slot id(long id) {
            return new Slot(false, id);
        }

        public static Slot index(int index) {
            return new Slot(true, index);
        }

        /** The SunPKCS11 configuration line. */
        String configLine() {
            return byIndex ? "slotListIndex=" + number : "slot=" + number;
        }

        @Override
        public String toString() {
            return byIndex ? "slot-index " + number : "slot " + number;
        }
    }

    /** Where the PIN comes from: exactly one of a file (owner-only) or an environment variable. */
    public record PinSource(Path file, String envVar) {
        public PinSource {
            if ((file == null) == (envVar == null)) {
                throw new IllegalArgumentException("pkcs11 needs exactly one of pin-file or pin-env");
            }
            if (envVar != null && !ENV_NAME.matcher(envVar).matches()) {
                throw new IllegalArgumentException("pkcs11 pin-env must be an environment variable name");
            }
        }

        public static PinSource file(Path file) {
            return new PinSource(file, null);
        }

        public static PinSource env(String name) {
            return new PinSource(null, name);
        }

        @Override
        public String toString() {
            return file != null ? "pin-file " + file : "pin-env " + envVar;
        }
    }

    /**
     * Parses the text form above.
     *
     * @throws IllegalArgumentException naming the offending key
     */
    public static Pkcs11Config parse(String text) {
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a PKCS#11 master key setting starts with 'pkcs11:'");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : text.substring(PREFIX.length()).split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair.strip() : pair.substring(0, eq).strip();
            if (eq < 0 || !KEYS.contains(key)) {
                throw new IllegalArgumentException("pkcs11 setting '" + key + "' is not one of " + String.join(", ", KEYS.stream().sorted().toList()));
            }
            if (values.put(key, pair.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException("pkcs11 setting '" + key + "' is given twice");
            }
        }
        String library = values.get("library");
        if (library == null || library.isEmpty()) {
            throw new IllegalArgumentException("pkcs11 needs library=<path to the PKCS#11 module>");
        }
        if (values.containsKey("slot") == values.containsKey("slot-index")) {
            throw new IllegalArgumentException("pkcs11 needs exactly one of slot=<id> or slot-index=<n>");
        }
        Slot slot = values.containsKey("slot") ? Slot.id(number(values, "slot")) : Slot.index((int) number(values, "slot-index"));
        PinSource pin = new PinSource(values.containsKey("pin-file") ? Path.of(values.get("pin-file")) : null, values.get("pin-env"));
        String create = values.getOrDefault("create-key", "false");
        if (!create.equals("true") && !create.equals("false")) {
            throw new IllegalArgumentException("pkcs11 create-key must be true or false");
        }
        return new Pkcs11Config(Path.of(library), slot, values.getOrDefault("key-label", DEFAULT_LABEL), pin,
                create.equals("true"));
    }

    private static long number(Map<String, String> values, String key) {
        String text = values.get(key);
        if (!text.matches("[0-9]{1,10}") || (key.equals("slot-index") && Long.parseLong(text) > 1024)) {
            throw new IllegalArgumentException("pkcs11 " + key + " must be a non-negative number, got '" + text + "'");
        }
        return Long.parseLong(text);
    }
}
