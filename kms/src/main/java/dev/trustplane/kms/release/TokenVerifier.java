package dev.trustplane.kms.release;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the attestation token ({@code target}) of a release request: a compact JWS with an allowed asymmetric
 * {@code alg}, an {@code iss} that one of the {@link SigningKeys} sources vouches for, a signature by one of that
 * issuer's keys, and {@code exp}/{@code nbf} that hold at the current time with {@link #SKEW} of tolerance.
 *
 * <p>Tokens that this server's attestation service issued under a simulated trust profile carry
 * {@code x-trustplane-simulated: true}; they are refused unless the verifier is told to accept them, so a server
 * moved from a demo to production does not honour tokens from its demo days.
 */
public final class TokenVerifier {
    /** Clock skew tolerated on {@code exp} and {@code nbf}. */
    public static final Duration SKEW = Duration.ofSeconds(60);
    /** Largest token accepted (MAA tokens with certificate chains are a few KiB). */
    public static final int MAX_TOKEN_CHARS = 64 * 1024;
    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<SigningKeys> sources;
    private final Clock clock;
    private final boolean acceptSimulated;

    public TokenVerifier(List<SigningKeys> sources, Clock clock, boolean acceptSimulated) {
        this.sources = List.copyOf(sources);
        this.clock = clock;
        this.acceptSimulated = acceptSimulated;
    }

    public VerifiedToken verify(String compact) {
        if (compact == null || compact.isBlank()) {
            throw ReleaseException.badRequest("The 'target' parameter (the attestation token) is required.");
        }
        if (compact.length() > MAX_TOKEN_CHARS) {
            throw ReleaseException.badRequest("The attestation token is larger than " + MAX_TOKEN_CHARS + " characters.");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        String payload;
        try {
            jwt = SignedJWT.parse(compact.strip());
            payload = jwt.getPayload().toString(); // decoded once: base64 is a visible share of a release's CPU
            claims = JWTClaimsSet.parse(payload);
        } catch (ParseException | IllegalArgumentException e) {
            throw ReleaseException.badRequest("The attestation token is not a compact JWS (JWT).");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!ALLOWED.contains(alg)) {
            throw ReleaseException.untrusted("The attestation token's algorithm '" + alg + "' is not accepted; accepted: "
                    + "RS256/384/512, PS256/384/512, ES256/384/512.");
        }
        String issuer = claims.getIssuer();
        if (issuer == null || issuer.isBlank()) {
            throw ReleaseException.untrusted("The attestation token has no 'iss' claim.");
        }
        List<JWK> keys = sources.stream().map(s -> s.candidates(issuer, jwt.getHeader())).flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> ReleaseException.untrusted("The attestation token's issuer " + clip(issuer)
                        + " is not a trusted authority (or its key '" + clip(String.valueOf(jwt.getHeader().getKeyID()))
                        + "' is unknown); add it with --trusted-authority."));
        if (!verifiedByAny(jwt, keys)) {
            throw ReleaseException.untrusted("The attestation token's signature does not verify with the keys of "
                    + clip(issuer) + ".");
        }
        Instant now = clock.instant();
        if (claims.getExpirationTime() == null) {
            throw ReleaseException.untrusted("The attestation token has no 'exp' claim.");
        }
        Instant exp = claims.getExpirationTime().toInstant();
        if (!now.isBefore(exp.plus(SKEW))) {
            throw ReleaseException.untrusted("The attestation token expired at " + exp + ".");
        }
        if (claims.getNotBeforeTime() != null && now.plus(SKEW).isBefore(claims.getNotBeforeTime().toInstant())) {
            throw ReleaseException.untrusted("The attestation token is not valid before "
                    + claims.getNotBeforeTime().toInstant() + ".");
        }
        JsonNode tree = JSON.readTree(payload);
        JsonNode simulated = tree.get("x-trustplane-simulated");
        if (simulated != null && simulated.asBoolean(false) && !acceptSimulated) {
            throw ReleaseException.untrusted("The attestation token attests simulated evidence, which this server does "
                    + "not accept (it is not running with --trust simulated).");
        }
        return new VerifiedToken(issuer, tree, Optional.ofNullable(claims.getJWTID()), Digests.sha256Hex(compact.strip()), exp);
    }

    private static boolean verifiedByAny(SignedJWT jwt, List<JWK> keys) {
        var factory = new DefaultJWSVerifierFactory();
        for (JWK key : keys) {
            if (!(key instanceof AsymmetricJWK asymmetric)) {
                continue;
            }
            try {
                JWSVerifier verifier = factory.createJWSVerifier(jwt.getHeader(), asymmetric.toPublicKey());
                if (jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                // a key of the wrong type for this alg: try the next one
            }
        }
        return false;
    }

    static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
