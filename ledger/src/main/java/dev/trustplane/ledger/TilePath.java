package dev.trustplane.ledger;

import java.util.List;

/**
 * A C2SP tlog-tiles resource path below {@code <prefix>/tile/}: {@code <L>/<N>[.p/<W>]} for a hash tile or
 * {@code entries/<N>[.p/<W>]} for an entry bundle. {@code N} is written in zero-padded 3-digit groups, all
 * but the last prefixed with {@code x} (1234067 is {@code x001/x234/067}).
 *
 * <p>The parser is strict and built for hostile input: only the canonical spelling of each number is
 * accepted (no leading zeros, no superfluous {@code x000} groups, no signs or spaces), the level is 0–63, the
 * width 1–255 for partial tiles, and lengths are bounded before anything is converted, so it never throws
 * anything but {@link IllegalArgumentException} and never overflows.
 *
 * @param level   tile level 0–63, or -1 for an entry bundle
 * @param index   tile index N
 * @param width   number of hashes or entries: 256 for a full tile, 1–255 for a partial one
 */
public record TilePath(int level, long index, int width) {
    public static final int FULL = 256;
    private static final int MAX_PATH = 64;
    private static final int MAX_GROUPS = 7; // 7 groups of 3 digits hold every index below 2^63

    public TilePath {
        if (level < -1 || level > 63 || index < 0 || width < 1 || width > FULL) {
            throw new IllegalArgumentException("tile coordinates out of range");
        }
    }

    public boolean isEntryBundle() {
        return level == -1;
    }

    public boolean isFull() {
        return width == FULL;
    }

    /** The path below {@code tile/}, as a client would request it. */
    public String path() {
        String n = encodeIndex(index) + (isFull() ? "" : ".p/" + width);
        return (isEntryBundle() ? "entries" : Integer.toString(level)) + "/" + n;
    }

    /** Parses a path below {@code tile/}; the message of the exception says what is wrong. */
    public static TilePath parse(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_PATH) {
            throw new IllegalArgumentException("tile path is empty or too long");
        }
        List<String> parts = List.of(path.split("/", -1));
        if (parts.size() < 2) {
            throw new IllegalArgumentException("tile path needs a level and an index");
        }
        int level = parts.getFirst().equals("entries") ? -1 : parseDecimal(parts.getFirst(), 63, "level", 0);
        List<String> rest = parts.subList(1, parts.size());
        int width = FULL;
        String last = rest.getLast();
        if (rest.size() >= 2 && rest.get(rest.size() - 2).endsWith(".p")) {
            width = parseDecimal(last, 255, "width", 1);
            rest = rest.subList(0, rest.size() - 1);
            String lastGroup = rest.getLast();
            rest = new java.util.ArrayList<>(rest);
            rest.set(rest.size() - 1, lastGroup.substring(0, lastGroup.length() - 2));
        }
        return new TilePath(level, parseIndex(rest), width);
    }

    /** {@code N} in x-prefixed 3-digit groups. */
    public static String encodeIndex(long index) {
        String digits = Long.toString(index);
        int pad = (3 - digits.length() % 3) % 3;
        digits = "0".repeat(pad) + digits;
        var out = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 3) {
            if (i > 0) {
                out.append('/');
            }
            if (i + 3 < digits.length()) {
                out.append('x');
            }
            out.append(digits, i, i + 3);
        }
        return out.toString();
    }

    private static long parseIndex(List<String> groups) {
        if (groups.isEmpty() || groups.size() > MAX_GROUPS) {
            throw new IllegalArgumentException("tile index has " + groups.size() + " groups; 1 to 7 allowed");
        }
        long value = 0;
        for (int i = 0; i < groups.size(); i++) {
            String g = groups.get(i);
            boolean last = i == groups.size() - 1;
            String digits = last ? g : (g.startsWith("x") ? g.substring(1) : null);
            if (digits == null || digits.length() != 3 || !allDigits(digits)) {
                throw new IllegalArgumentException("tile index group '" + abbreviate(g) + "' must be "
                        + (last ? "3 digits" : "x and 3 digits"));
            }
            if (i == 0 && !last && digits.equals("000")) {
                throw new IllegalArgumentException("tile index has a superfluous leading x000 group");
            }
            try {
                value = Math.addExact(Math.multiplyExact(value, 1000L), Integer.parseInt(digits));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("tile index is too large");
            }
        }
        return value;
    }

    private static int parseDecimal(String s, int max, String what, int min) {
        if (s.isEmpty() || s.length() > 3 || !allDigits(s) || (s.length() > 1 && s.charAt(0) == '0')) {
            throw new IllegalArgumentException("tile " + what + " '" + abbreviate(s) + "' is not a decimal number without leading zeros");
        }
        int v = Integer.parseInt(s);
        if (v < min || v > max) {
            throw new IllegalArgumentException("tile " + what + " " + v + " is outside " + min + "–" + max);
        }
        return v;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("[^\\x21-\\x7e]", "?");
        return clean.length() > 12 ? clean.substring(0, 12) + "…" : clean;
    }
}
