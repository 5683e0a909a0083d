package dev.trustplane.kms.release;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Issuer comparison. Policies in the wild write the same MAA instance with and without a trailing slash
 * ({@code https://sharedweu.weu.attest.azure.net} vs {@code …/}), and URI schemes and host names are
 * case-insensitive (RFC 3986 §3.1, §3.2.2). So both sides are normalised: scheme and host lower-cased, the
 * default port dropped, trailing slashes of the path removed. The path, query and fragment keep their case.
 * A string that is not an absolute URI with an authority is only stripped of trailing slashes.
 */
final class Authorities {
    private Authorities() {}

    static String normalise(String issuer) {
        try {
            URI uri = new URI(issuer);
            if (uri.isAbsolute() && !uri.isOpaque() && uri.getRawAuthority() != null) {
                String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                String authority = uri.getRawAuthority().toLowerCase(Locale.ROOT);
                if (scheme.equals("https") && authority.endsWith(":443") || scheme.equals("http") && authority.endsWith(":80")) {
                    authority = authority.substring(0, authority.lastIndexOf(':'));
                }
                StringBuilder out = new StringBuilder(scheme).append("://").append(authority)
                        .append(stripTrailingSlashes(uri.getRawPath() == null ? "" : uri.getRawPath()));
                if (uri.getRawQuery() != null) {
                    out.append('?').append(uri.getRawQuery());
                }
                if (uri.getRawFragment() != null) {
                    out.append('#').append(uri.getRawFragment());
                }
                return out.toString();
            }
        } catch (URISyntaxException notAUri) {
            // Compared as a plain string below.
        }
        return stripTrailingSlashes(issuer);
    }

    private static String stripTrailingSlashes(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }
}
