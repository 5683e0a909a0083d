package dev.trustplane.kms.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The checks on an attestation token before any policy sees it. */
class TokenVerifierTest {
    static final RSAKey KEY = generate("own");
    static final RSAKey OTHER = generate("own"); // same kid, different key
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static TokenVerifier verifier(boolean acceptSimulated) {
        JWKSet set = new JWKSet(KEY.toPublicJWK());
        return new TokenVerifier(List.of(new LocalSigningKeys(() -> set)), CLOCK, acceptSimulated);
    }

    static String token(RSAKey key, Consumer<JWTClaimsSet.Builder> claims) throws Exception {
        var b = new JWTClaimsSet.Builder().issuer("https://attest.example").jwtID("j-1")
                .issueTime(Date.from(NOW.minusSeconds(10))).notBeforeTime(Date.from(NOW.minusSeconds(10)))
                .expirationTime(Date.from(NOW.plus(Duration.ofHours(1)))).claim("x-ms-attestation-type", "sevsnpvm");
        claims.accept(b);
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT)
                .build(), b.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void a_good_token_verifies_with_its_claims_digest_and_jti() throws Exception {
        String t = token(KEY, b -> {});
        VerifiedToken v = verifier(false).verify(t);
        assertThat(v.issuer()).isEqualTo("https://attest.example");
        assertThat(v.claims().path("x-ms-attestation-type").asString()).isEqualTo("sevsnpvm");
        assertThat(v.jti()).contains("j-1");
        assertThat(v.sha256()).hasSize(64);
        assertThat(v.expires()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void lifetime_is_checked_with_one_minute_of_skew() throws Exception {
        assertThat(verifier(false).verify(token(KEY, b -> b.expirationTime(Date.from(NOW.minusSeconds(30)))))).isNotNull();
        assertRejected(token(KEY, b -> b.expirationTime(Date.from(NOW.minusSeconds(61)))), "expired");
        assertRejected(token(KEY, b -> b.notBeforeTime(Date.from(NOW.plusSeconds(120)))), "not valid before");
        assertRejected(token(KEY, b -> b.expirationTime(null)), "no 'exp'");
    }

    @Test
    void signatures_issuers_and_algorithms_are_checked() throws Exception {
        assertRejected(token(OTHER, b -> {}), "signature does not verify");
        assertRejected(token(generate("unknown"), b -> {}), "not a trusted authority");
        assertRejected(token(KEY, b -> b.issuer(null)), "no 'iss'");

        var hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("own").build(),
                new JWTClaimsSet.Builder().issuer("https://attest.example").build());
        hs.sign(new MACSigner(new byte[32]));
        assertRejected(hs.serialize(), "HS256");
    }

    @Test
    void simulated_tokens_need_a_simulated_server() throws Exception {
        String t = token(KEY, b -> b.claim("x-trustplane-simulated", true));
        assertRejected(t, "simulated");
        assertThat(verifier(true).verify(t).issuer()).isEqualTo("https://attest.example");
    }

    @Test
    void malformed_input_is_a_bad_request() {
        for (String bad : new String[] {"", "   ", "a.b", "not a token", "x".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1)}) {
            assertThatThrownBy(() -> verifier(false).verify(bad)).isInstanceOfSatisfying(ReleaseException.class,
                    e -> assertThat(e.kind()).isEqualTo(ReleaseException.Kind.BAD_REQUEST));
        }
        assertThatThrownBy(() -> verifier(false).verify(null)).isInstanceOf(ReleaseException.class);
    }

    @Test
    void mutated_tokens_fail_only_with_release_errors() throws Exception {
        String good = token(KEY, b -> b.claim("x-ms-runtime", java.util.Map.of("keys", List.of())));
        var random = new java.util.Random(7);
        String alphabet = "ABCabc012-_.=+/{}\"";
        int accepted = 0;
        for (int i = 0; i < 1500; i++) {
            StringBuilder t = new StringBuilder(good);
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                int at = random.nextInt(t.length());
                switch (random.nextInt(3)) {
                    case 0 -> t.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> t.deleteCharAt(at);
                    default -> t.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            try {
                verifier(false).verify(t.toString());
                accepted++;
            } catch (ReleaseException e) {
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            }
        }
        // Base64url has a few don't-care bits at the end of each part; nothing else may slip through.
        assertThat(accepted).isLessThan(50);
    }

    private static void assertRejected(String token, String message) {
        assertThatThrownBy(() -> verifier(false).verify(token)).isInstanceOfSatisfying(ReleaseException.class, e -> {
            assertThat(e.kind()).isEqualTo(ReleaseException.Kind.TOKEN_REJECTED);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
