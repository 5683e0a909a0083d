package dev.trustplane.evidence.internal;

import java.util.HexFormat;

/** Lower-case hex, the one encoding used for byte fields in claims and messages. */
public final class Hex {
    private static final HexFormat LOWER = HexFormat.of();

    private Hex() {}

    /** Lower-case hex of all bytes. */
    public static String encode(byte[] bytes) {
        return LOWER.formatHex(bytes);
    }

    /** Lower-case hex of a u64 as 16 digits, most significant first. */
    public static String u64(long value) {
        return LOWER.toHexDigits(value);
    }

    /** Decodes hex (either case); throws {@link IllegalArgumentException} on bad input. */
    public static byte[] decode(String hex) {
        return LOWER.parseHex(hex);
    }
}
