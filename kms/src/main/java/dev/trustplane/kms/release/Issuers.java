package dev.trustplane.kms.release;

import java.net.URI;
import java.util.Locale;

/** Issuer (authority) comparison: scheme and host case-insensitive, one trailing slash ignored. */
public final class Issuers {
    private Issuers() {}

    /** The comparable form of an issuer URL; strings that are not URLs compare as written, minus a trailing '/'. */
    public static String normalize(String issuer) {
        String s = issuer.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            URI uri = new URI(s);
            if (uri.getScheme() != null && uri.getRawAuthority() != null) {
                String path = uri.getRawPath() == null ? "" : uri.getRawPath();
                return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT)
                        + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            }
        } catch (java.net.URISyntaxException e) {
            // not a URL: compare as written
        }
        return s;
    }

    /** Whether two issuer strings name the same authority. */
    public static boolean same(String a, String b) {
        return normalize(a).equals(normalize(b));
    }
}
