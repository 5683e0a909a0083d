package dev.trustplane.kms.release;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.trustplane.common.PemCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signing keys of a trusted external attestation service (e.g. a Microsoft Azure Attestation instance), found
 * the way Key Vault finds them: the issuer's OpenID Connect metadata ({@code ISSUER/.well-known/openid-configuration})
 * names a {@code jwks_uri}, whose keys verify the tokens. A token's own {@code jku} or {@code x5u} is never
 * followed — the issuer's metadata is the only place keys come from.
 *
 * <p>Caching: the JWKS is kept for {@link #REFRESH}; an unknown {@code kid} triggers a refresh at most once per
 * {@link #MIN_REFETCH} (key rollover), and when a refresh fails the last good keys stay in use for up to
 * {@link #STALE_LIMIT}, so a short outage of the issuer does not stop releases. Fetches are https only, with
 * timeouts and a size cap. Thread-safe.
 */
public final class OpenIdSigningKeys implements SigningKeys {
    static final Duration REFRESH = Duration.ofHours(1);
    static final Duration MIN_REFETCH = Duration.ofSeconds(30);
    static final Duration STALE_LIMIT = Duration.ofHours(24);
    private static final int MAX_DOCUMENT = 256 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger LOG = LoggerFactory.getLogger(OpenIdSigningKeys.class);

    private final TrustedAuthority authority;
    private final String issuer;
    private final Optional<PublicKey> pinned;
    private final HttpClient http;
    private final Clock clock;
    private JWKSet keys;
    private Instant fetchedAt = Instant.MIN;
    private Instant lastAttempt = Instant.MIN;

    public OpenIdSigningKeys(TrustedAuthority authority, Clock clock) throws IOException {
        this.authority = authority;
        this.issuer = Authorities.normalise(authority.issuer().toString());
        this.clock = clock;
        this.pinned = authority.pinnedSigningCert().isEmpty() ? Optional.empty()
                : Optional.of(PemCertificates.read(authority.pinnedSigningCert().get()).getFirst().getPublicKey());
        this.http = HttpClient.newBuilder().sslContext(sslContext()).connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Optional<List<JWK>> candidates(String tokenIssuer, JWSHeader header) {
        if (!Authorities.normalise(tokenIssuer).equals(issuer)) {
            return Optional.empty();
        }
        JWKSet set = current(header.getKeyID());
        List<JWK> out = new ArrayList<>();
        for (JWK key : set.getKeys()) {
            if ((header.getKeyID() == null || header.getKeyID().equals(key.getKeyID())) && matchesPin(key)) {
                out.add(key);
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private boolean matchesPin(JWK key) {
        if (pinned.isEmpty()) {
            return true;
        }
        try {
            return key instanceof AsymmetricJWK asymmetric
                    && Arrays.equals(asymmetric.toPublicKey().getEncoded(), pinned.get().getEncoded());
        } catch (JOSEException e) {
            return false;
        }
    }

    /** The cached keys, refreshed when old or when {@code kid} is unknown (rate-limited). */
    private synchronized JWKSet current(String kid) {
        Instant now = clock.instant();
        boolean unknownKid = keys != null && kid != null && keys.getKeyByKeyId(kid) == null;
        boolean old = keys == null || now.isAfter(fetchedAt.plus(REFRESH));
        if ((old || unknownKid) && (keys == null || now.isAfter(lastAttempt.plus(MIN_REFETCH)))) {
            lastAttempt = now;
            try {
                keys = fetch();
                fetchedAt = now;
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not refresh the signing keys of trusted authority {}: {}", issuer, e.getMessage());
            }
        }
        if (keys == null) {
            throw ReleaseException.untrusted("The signing keys of the trusted authority " + issuer
                    + " could not be fetched; try again later.");
        }
        if (now.isAfter(fetchedAt.plus(STALE_LIMIT))) {
            throw ReleaseException.untrusted("The signing keys of the trusted authority " + issuer
                    + " are more than " + STALE_LIMIT.toHours() + " hours old and cannot be refreshed.");
        }
        return keys;
    }

    private JWKSet fetch() throws IOException {
        JsonNode metadata = JSON.readTree(get(URI.create(issuer + "/.well-known/openid-configuration")));
        JsonNode declared = metadata.get("issuer");
        if (declared != null && declared.isString() && !Authorities.normalise(declared.asString()).equals(issuer)) {
            throw new IOException("the OpenID metadata names issuer '" + declared.asString() + "'");
        }
        JsonNode jwksUri = metadata.get("jwks_uri");
        if (jwksUri == null || !jwksUri.isString()) {
            throw new IOException("the OpenID metadata has no jwks_uri");
        }
        URI uri = URI.create(jwksUri.asString());
        if (!"https".equals(uri.getScheme())) {
            throw new IOException("jwks_uri is not https");
        }
        try {
            return JWKSet.parse(new String(get(uri), java.nio.charset.StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IOException("the JWKS at " + uri + " does not parse", e);
        }
    }

    private byte[] get(URI uri) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = res.body()) {
                if (res.statusCode() != 200) {
                    throw new IOException("GET " + uri + " answered " + res.statusCode());
                }
                byte[] body = in.readNBytes(MAX_DOCUMENT + 1);
                if (body.length > MAX_DOCUMENT) {
                    throw new IOException("GET " + uri + " returned more than " + MAX_DOCUMENT + " bytes");
                }
                return body;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private SSLContext sslContext() throws IOException {
        try {
            if (authority.tlsCa().isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate cert : PemCertificates.read(authority.tlsCa().get())) {
                store.setCertificateEntry("extra-" + i++, cert);
            }
            for (X509Certificate cert : defaultTrust().getAcceptedIssuers()) {
                store.setCertificateEntry("jdk-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the TLS trust for " + issuer + ": " + e.getMessage(), e);
        }
    }

    private static X509TrustManager defaultTrust() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (var tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no default X509 trust manager");
    }
}
