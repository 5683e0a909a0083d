package dev.trustplane.server.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Parses human durations: {@code 4ms}, {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d}, or ISO-8601 such as
 * {@code PT1H}.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})(ms|[smhd])");

    private Durations() {}

    /** @throws IllegalArgumentException with a message naming the accepted forms */
    public static Duration parse(String text) {
        var m = SHORT.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; use e.g. 4ms, 90s, 15m, 1h, 7d or PT1H");
        }
    }
}
