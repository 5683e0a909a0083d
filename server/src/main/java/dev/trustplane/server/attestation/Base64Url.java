package dev.trustplane.server.attestation;

import dev.trustplane.server.http.ApiException;
import java.util.Base64;

/**
 * base64url as MAA's clients send it: unpadded normally, padded by some (Trustee's attester pads). Standard
 * base64 ('+', '/') is refused: MAA documents base64url and accepting both would hide client bugs.
 */
final class Base64Url {
    private Base64Url() {}

    static byte[] decode(String text, String what) {
        // The URL decoder itself refuses '+', '/' and anything else outside the alphabet; only trailing padding
        // (at most two '=') is stripped here. A loop, not a regex: evidence bodies are tens of kilobytes.
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=' && text.length() - end < 2) {
            end--;
        }
        try {
            return Base64.getUrlDecoder().decode(end == text.length() ? text : text.substring(0, end));
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
