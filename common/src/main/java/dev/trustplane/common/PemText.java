package dev.trustplane.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Writes PEM blocks (RFC 7468): base64 in 64-character lines between BEGIN and END labels. */
public final class PemText {
    private PemText() {}

    /** One PEM block of {@code type} (e.g. {@code CERTIFICATE}) around {@code der}, ending in a newline. */
    public static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
