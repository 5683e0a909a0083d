package dev.trustplane.server.auth;

import dev.trustplane.server.http.ErrorResponses;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every request to a protected path with {@code Authorization: Bearer <token>}.
 *
 * <p>A request without an acceptable token gets 401 with the challenge Azure SDK clients parse:
 * {@code WWW-Authenticate: Bearer authorization="https://HOST:PORT/auth", resource="https://HOST:PORT"},
 * HOST:PORT being what the client called. It is answered before the body is read: the SDKs send their
 * first request with an empty body and expect exactly this. Failures are counted by reason and logged
 * with the token id at most, never the token.
 */
public final class BearerAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(BearerAuthentication.class);
    /** A Host header we are willing to reflect into the challenge: a host name or IP literal and a port. */
    private static final Pattern SAFE_HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253})(:[0-9]{1,5})?");

    private final TokenService tokens;
    private final Predicate<String> isPublic;
    private final String fallbackAuthority;
    private final MeterRegistry metrics;
    private final FailureLimiter limiter;
    private final boolean clientCertificates;

    public BearerAuthentication(TokenService tokens, Predicate<String> isPublic, String fallbackAuthority,
            MeterRegistry metrics, java.time.Clock clock) {
        this(tokens, isPublic, fallbackAuthority, metrics, clock, false);
    }

    /**
     * With {@code clientCertificates}, a request without an {@code Authorization} header whose TLS client certificate
     * the handshake verified (against {@code serve --client-ca}) is authenticated as that certificate's principal
     * ({@link ClientCertificates}); a bearer token, when present, takes precedence.
     */
    public BearerAuthentication(TokenService tokens, Predicate<String> isPublic, String fallbackAuthority,
            MeterRegistry metrics, java.time.Clock clock, boolean clientCertificates) {
        this.clientCertificates = clientCertificates;
        this.tokens = tokens;
        this.isPublic = isPublic;
        this.fallbackAuthority = fallbackAuthority;
        this.metrics = metrics;
        this.limiter = new FailureLimiter(20, java.time.Duration.ofMinutes(1), clock);
        // Series the alert rules watch exist from the start, at 0.
        metrics.counter("trustplane.auth.throttled");
        for (AuthenticationException.Reason reason : AuthenticationException.Reason.values()) {
            metrics.counter("trustplane.auth.failures", "reason", reason.name().toLowerCase(Locale.ROOT));
        }
    }

    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (isPublic.test(req.path().path())) {
            chain.proceed();
            return;
        }
        String client = req.remotePeer().host();
        var blocked = limiter.blocked(client);
        if (blocked.isPresent()) {
            metrics.counter("trustplane.auth.throttled").increment();
            res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, blocked.get().toSeconds())));
            ErrorResponses.send(res, Status.TOO_MANY_REQUESTS_429, "TooManyRequests",
                    "Too many failed authentication attempts from this address; retry later.");
            return;
        }
        try {
            Principal principal = clientCertificates && req.headers().first(HeaderNames.AUTHORIZATION).isEmpty()
                    ? certificate(req).orElse(null) : null;
            if (principal == null) {
                principal = tokens.authenticate(bearer(req));
            }
            req.context().register(Principal.class, principal);
            chain.proceed();
        } catch (AuthenticationException e) {
            metrics.counter("trustplane.auth.failures", "reason", e.reason().name().toLowerCase(Locale.ROOT)).increment();
            if (e.reason() != AuthenticationException.Reason.MISSING) {
                limiter.recordFailure(client);
                LOG.info("authentication failed: reason={} path={} peer={}", e.reason(), req.path().path(),
                        req.remotePeer().host());
            }
            String authority = authority(req);
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer authorization=\"https://" + authority
                    + "/auth\", resource=\"https://" + authority + "\"");
            boolean byCertificate = clientCertificates && req.headers().first(HeaderNames.AUTHORIZATION).isEmpty()
                    && e.reason() == AuthenticationException.Reason.MALFORMED;
            ErrorResponses.send(res, Status.UNAUTHORIZED_401, "Unauthorized", byCertificate
                    ? "The client certificate names no usable principal: it needs a URI, DNS or e-mail subject alternative "
                            + "name or a common name, and 'x509:<kind>:<name>' must fit in " + ClientCertificates.MAX_ID
                            + " characters."
                    : e.reason() == AuthenticationException.Reason.MISSING
                    ? "Request is missing a Bearer token" + (clientCertificates ? " or a client certificate." : ".")
                    : "The Bearer token is not valid, expired or revoked.");
        }
    }

    /** The principal of the verified client certificate, if the client presented one. */
    private static java.util.Optional<Principal> certificate(RoutingRequest req) throws AuthenticationException {
        var chain = req.remotePeer().tlsCertificates();
        if (chain.isEmpty() || chain.get().length == 0 || !(chain.get()[0] instanceof java.security.cert.X509Certificate leaf)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(ClientCertificates.principal(leaf));
    }

    private static String bearer(RoutingRequest req) throws AuthenticationException {
        String header = req.headers().first(HeaderNames.AUTHORIZATION)
                .orElseThrow(() -> new AuthenticationException(AuthenticationException.Reason.MISSING));
        if (header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthenticationException(AuthenticationException.Reason.MALFORMED);
        }
        return header.substring(7).trim();
    }

    private String authority(RoutingRequest req) {
        String host = req.headers().first(HeaderNames.HOST).orElse("");
        return SAFE_HOST.matcher(host).matches() ? host : fallbackAuthority;
    }
}
