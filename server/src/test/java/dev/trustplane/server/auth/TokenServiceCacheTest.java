package dev.trustplane.server.auth;

import dev.trustplane.common.testing.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short-lived cache of verified tokens: what it may delay (another replica's revocation, by at most its TTL)
 * and what it must not (this replica's revocation, expiry, unknown tokens).
 */
class TokenServiceCacheTest {
    @TempDir
    java.nio.file.Path dir;

    private Store store;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T12:00:00Z"));
    private TokenService here;
    private TokenService otherReplica;

    @BeforeEach
    void open() {
        store = TestStores.sqlite(dir);
        store.migrate("server", TokenService.MIGRATIONS);
        here = new TokenService(store, Roles.catalogue(), clock);
        otherReplica = new TokenService(store, Roles.catalogue(), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void a_revocation_here_applies_at_once() throws Exception {
        IssuedToken t = here.create("alice", "Managed HSM Crypto User", "/", Optional.empty());
        assertThat(here.authenticate(t.bearer()).id()).isEqualTo(t.info().id());
        here.revoke(t.info().id());
        assertThatThrownBy(() -> here.authenticate(t.bearer())).isInstanceOf(AuthenticationException.class)
                .extracting(e -> ((AuthenticationException) e).reason()).isEqualTo(AuthenticationException.Reason.REVOKED);
    }

    @Test
    void a_revocation_on_another_replica_applies_within_the_ttl() throws Exception {
        IssuedToken t = here.create("bob", "Managed HSM Crypto User", "/", Optional.empty());
        here.authenticate(t.bearer());
        otherReplica.revoke(t.info().id());
        assertThat(here.authenticate(t.bearer()).id()).as("still within the TTL").isEqualTo(t.info().id());
        clock.advance(VerifiedTokens.TTL);
        assertThatThrownBy(() -> here.authenticate(t.bearer())).isInstanceOf(AuthenticationException.class)
                .extracting(e -> ((AuthenticationException) e).reason()).isEqualTo(AuthenticationException.Reason.REVOKED);
    }

    @Test
    void expiry_applies_at_once_even_when_cached() throws Exception {
        IssuedToken t = here.create("carol", "Managed HSM Crypto User", "/", Optional.of(Duration.ofSeconds(61)));
        clock.advance(Duration.ofSeconds(60));
        here.authenticate(t.bearer());
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> here.authenticate(t.bearer())).isInstanceOf(AuthenticationException.class)
                .extracting(e -> ((AuthenticationException) e).reason()).isEqualTo(AuthenticationException.Reason.EXPIRED);
    }

    /** The cache is looked up before the token is parsed: only the exact verified value may hit it. */
    @Test
    void variants_of_a_cached_token_are_checked_in_full() throws Exception {
        IssuedToken t = here.create("erin", "Managed HSM Crypto User", "/", Optional.empty());
        here.authenticate(t.bearer());
        for (String variant : new String[] {t.bearer() + " ", t.bearer().toUpperCase(java.util.Locale.ROOT),
                t.bearer().replace('.', '\u2024'), t.bearer().substring(1)}) {
            assertThatThrownBy(() -> here.authenticate(variant)).as(variant).isInstanceOf(AuthenticationException.class)
                    .extracting(e -> ((AuthenticationException) e).reason()).isEqualTo(AuthenticationException.Reason.MALFORMED);
        }
        assertThat(here.authenticate(t.bearer()).id()).isEqualTo(t.info().id());
    }

    @Test
    void a_wrong_secret_for_a_cached_token_id_is_refused() throws Exception {
        IssuedToken t = here.create("dave", "Managed HSM Crypto User", "/", Optional.empty());
        here.authenticate(t.bearer());
        String forged = t.bearer().substring(0, t.bearer().length() - 1) + (t.bearer().endsWith("A") ? "B" : "A");
        assertThatThrownBy(() -> here.authenticate(forged)).isInstanceOf(AuthenticationException.class)
                .extracting(e -> ((AuthenticationException) e).reason()).isEqualTo(AuthenticationException.Reason.UNKNOWN);
    }

}
