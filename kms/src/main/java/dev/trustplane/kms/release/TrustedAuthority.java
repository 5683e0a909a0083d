package dev.trustplane.kms.release;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An attestation service whose tokens secure key release accepts, besides this server's own.
 *
 * @param issuer the issuer URL exactly as its tokens' {@code iss} (https; compared with scheme and host case and trailing slashes ignored)
 * @param tlsCa extra CA certificates (PEM) to trust when fetching its OpenID metadata and JWKS; the JDK's
 *              trust store is always used too
 * @param pinnedSigningCert when present, only a token-signing key equal to this certificate's public key is accepted,
 *              whatever the JWKS says — protection against a compromised metadata endpoint
 */
public record TrustedAuthority(URI issuer, Optional<Path> tlsCa, Optional<Path> pinnedSigningCert) {
    public TrustedAuthority {
        Objects.requireNonNull(issuer, "issuer");
        if (!"https".equals(issuer.getScheme()) || issuer.getHost() == null) {
            throw new IllegalArgumentException("a trusted authority must be an https URL with a host, got " + issuer);
        }
        if (issuer.getRawQuery() != null || issuer.getRawFragment() != null) {
            throw new IllegalArgumentException("a trusted authority URL has no query or fragment: " + issuer);
        }
    }

    /**
     * Parses {@code URL[,ca=PEMFILE][,pin=PEMFILE]}, the form of the {@code --trusted-authority} option.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static TrustedAuthority parse(String spec) {
        String[] parts = spec.split(",");
        URI uri;
        try {
            uri = new URI(parts[0].strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("trusted authority '" + parts[0] + "' is not a URL");
        }
        Optional<Path> ca = Optional.empty();
        Optional<Path> pin = Optional.empty();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            if (value.isEmpty()) {
                throw new IllegalArgumentException("trusted authority option '" + part + "' needs a value (ca=FILE or pin=FILE)");
            }
            switch (key) {
                case "ca" -> ca = Optional.of(Path.of(value));
                case "pin" -> pin = Optional.of(Path.of(value));
                default -> throw new IllegalArgumentException("unknown trusted authority option '" + key
                        + "'; known: ca, pin");
            }
        }
        return new TrustedAuthority(uri, ca, pin);
    }
}
