package dev.trustplane.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bearer token format: {@code tp1.<id>.<secret>}, where the id (16 hex digits) names the token and
 * the secret is 32 random bytes in base64url. Only SHA-256 of the whole token is stored.
 *
 * <p>Why an id inside the token: the server looks the record up by its id, then compares hashes in
 * constant time. Looking records up by the secret's hash would make a database index lookup on
 * secret-derived data, whose timing an attacker can probe.
 */
final class BearerTokens {
    private static final Pattern FORMAT = Pattern.compile("tp1\\.([0-9a-f]{16})\\.([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private BearerTokens() {}

    record Parsed(String id, String bearer) {
        @Override
        public String toString() {
            return "Parsed[id=" + id + ", bearer=<redacted>]";
        }
    }

    static String newId() {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    static String newBearer(String id) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "tp1." + id + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static Optional<Parsed> parse(String bearer) {
        var matcher = FORMAT.matcher(bearer);
        return matcher.matches() ? Optional.of(new Parsed(matcher.group(1), bearer)) : Optional.empty();
    }

    static byte[] hash(String bearer) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bearer.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
