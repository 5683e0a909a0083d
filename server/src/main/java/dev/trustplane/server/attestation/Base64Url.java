package dev.trustplane.server.attestation;

import dev.trustplane.server.http.ApiException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * base64url as MAA's clients send it: unpadded normally, padded by some (Trustee's attester pads). Standard
 * base64 ('+', '/') is refused: MAA documents base64url and accepting both would hide client bugs.
 */
final class Base64Url {
    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9_-]*={0,2}");

    private Base64Url() {}

    static byte[] decode(String text, String what) {
        if (!ALPHABET.matcher(text).matches()) {
            throw bad(what);
        }
        try {
            return Base64.getUrlDecoder().decode(text.replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw bad(what);
        }
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ApiException bad(String what) {
        return ApiException.badRequest("InvalidBase64", "'" + what + "' is not base64url.");
    }
}
