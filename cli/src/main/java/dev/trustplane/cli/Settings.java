package dev.trustplane.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves a setting from, in order of precedence: the command-line flag, the environment variable
 * {@code TRUSTPLANE_<KEY>} (upper case, dashes as underscores), the config file ({@code key = value}
 * lines, keys as the flag names without dashes), and the built-in default.
 *
 * <p>The config file is read once and checked strictly: an unknown key is an error that names it,
 * because a misspelt setting that is silently ignored is how insecure defaults reach production.
 */
final class Settings {
    private final Map<String, String> file;
    private final Map<String, String> env;

    private Settings(Map<String, String> file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    /** Loads the config file named by {@code configFlag} or {@code TRUSTPLANE_CONFIG}, if any. */
    static Settings load(Path configFlag, Set<String> knownKeys, Map<String, String> env) throws UsageException {
        Path config = configFlag != null ? configFlag
                : Optional.ofNullable(env.get("TRUSTPLANE_CONFIG")).filter(s -> !s.isBlank()).map(Path::of).orElse(null);
        Map<String, String> values = new LinkedHashMap<>();
        if (config != null) {
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(config)) {
                props.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageException("cannot read config file " + config + ": " + e.getClass().getSimpleName());
            }
            for (String key : new TreeSet<>(props.stringPropertyNames())) {
                if (!knownKeys.contains(key)) {
                    throw new UsageException("unknown key '" + key + "' in config file " + config + "; known keys: "
                            + String.join(", ", new TreeSet<>(knownKeys)));
                }
                values.put(key, props.getProperty(key).trim());
            }
        }
        return new Settings(values, env);
    }

    /** The value of {@code key}: flag, else environment, else file, else {@code fallback}. */
    String get(String key, String flag, String fallback) {
        if (flag != null) {
            return flag;
        }
        String fromEnv = env.get(envName(key));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return file.getOrDefault(key, fallback);
    }

    /** {@code value} of setting {@code key} as a whole number, or a usage error naming the setting. */
    static int integer(String key, String value) throws UsageException {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(key + " must be a whole number, got '" + value + "'");
        }
    }

    /** {@code value} as a duration, where a bare {@code 0} means none (a setting turned off). */
    static java.time.Duration durationOrZero(String value) {
        return value.trim().equals("0") ? java.time.Duration.ZERO : dev.trustplane.server.config.Durations.parse(value);
    }

    static String envName(String key) {
        return "TRUSTPLANE_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
