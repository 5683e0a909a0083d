package dev.trustplane.attestation;

import dev.trustplane.common.testing.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing-key rollover: published before use, old key kept for verification one lifetime, keys survive restart. */
class TokenKeyRolloverTest {
    @TempDir
    Path dataDir;

    static List<String> kids(Map<String, Object> jwks) throws Exception {
        return JWKSet.parse(jwks).getKeys().stream().map(k -> k.getKeyID()).toList();
    }

    static String kid(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getHeader().getKeyID();
    }

    static void verifies(String jwt, Map<String, Object> jwks) throws Exception {
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(JWKSet.parse(jwks))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, Set.of()) {
            @Override
            public void verify(com.nimbusds.jwt.JWTClaimsSet claims, SecurityContext c) {}
        });
        processor.process(jwt, null);
    }

    @Test
    void a_new_key_is_published_before_it_signs_and_the_old_one_stays_until_its_tokens_expired() throws Exception {
        var clock = new ManualClock(Instant.parse("2026-11-23T12:00:00Z"));
        var tokens = AttestationTokens.loadOrCreate(dataDir, clock, Duration.ofHours(8));
        String before = tokens.issue("https://as", Map.of("n", 1));
        String oldKid = kid(before);
        assertThat(kids(tokens.jwks())).containsExactly(oldKid);

        String newKid = tokens.rollover(Duration.ofHours(1));
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(kids(tokens.jwks())).as("published at once").containsExactly(oldKid, newKid);
        assertThat(kid(tokens.issue("https://as", Map.of()))).as("not used before activation").isEqualTo(oldKid);

        clock.advance(Duration.ofHours(1));
        String after = tokens.issue("https://as", Map.of());
        assertThat(kid(after)).isEqualTo(newKid);
        verifies(before, tokens.jwks());
        verifies(after, tokens.jwks());

        var restarted = AttestationTokens.loadOrCreate(dataDir, clock, Duration.ofHours(8));
        assertThat(kids(restarted.jwks())).as("keys survive a restart").containsExactly(oldKid, newKid);
        assertThat(kid(restarted.issue("https://as", Map.of()))).isEqualTo(newKid);

        clock.advance(Duration.ofHours(8));
        assertThat(kids(tokens.jwks())).as("retired one lifetime after its successor took over").containsExactly(newKid);
        assertThat(kids(restarted.jwks())).containsExactly(newKid);
    }

    @Test
    void an_immediate_rollover_signs_at_once_and_activations_stay_ordered() throws Exception {
        var clock = new ManualClock(Instant.parse("2026-11-23T12:00:00Z"));
        var tokens = AttestationTokens.loadOrCreate(dataDir, clock, Duration.ofMinutes(5));
        String first = tokens.rollover(Duration.ZERO);
        String second = tokens.rollover(Duration.ZERO); // same second: activates one second later
        assertThat(kid(tokens.issue("https://as", Map.of()))).isEqualTo(first);
        clock.advance(Duration.ofSeconds(1));
        assertThat(kid(tokens.issue("https://as", Map.of()))).isEqualTo(second);
        assertThat(kids(tokens.jwks())).hasSize(3).endsWith(first, second);
    }
}
