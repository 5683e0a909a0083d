package dev.trustplane.server.attestation;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Operator settings of the attestation service, validated once at start.
 *
 * @param tokenLifetime how long attestation tokens are valid ({@code exp - iat}); MAA's is 8 hours, fixed. Between
 *     1 minute and 7 days: relying parties must re-attest at least weekly, and key rollover keeps retired keys in
 *     {@code /certs} for one lifetime
 * @param attestPerMinute sustained {@code /attest/*} calls allowed per client address and minute; 0 disables the
 *     limit (for benchmarks, or behind a proxy that limits instead). Every call appends a ledger record, so an
 *     unlimited anonymous endpoint lets anyone grow the ledger at will
 * @param attestBurst calls a client address may make at once before the sustained rate applies
 * @param evidenceClock the time evidence and its collateral are verified at; empty (the default) means the server's
 *     clock. Set only to re-check old evidence whose certificates or collateral have since expired, as the tests of
 *     the shared real quotes do; tokens are always issued at the server's time
 * @param onlineCollateral where to fetch collateral missing from the data dir's cache; empty (the default) means
 *     never: the server then uses only what {@code trustplane collateral import} put there, and needs no network
 */
public record AttestationSettings(Duration tokenLifetime, int attestPerMinute, int attestBurst,
        Optional<Clock> evidenceClock, Optional<CollateralServices> onlineCollateral) {
    /** MAA's token lifetime. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(8);
    /** Ten calls a second per address: far above what a booting workload needs, well below what fills a disk. */
    public static final int DEFAULT_PER_MINUTE = 600;
    /** Enough for a node's workloads starting together. */
    public static final int DEFAULT_BURST = 60;

    public AttestationSettings {
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        if (tokenLifetime.compareTo(Duration.ofMinutes(1)) < 0 || tokenLifetime.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("attestation token lifetime must be between 1 minute and 7 days, got "
                    + tokenLifetime);
        }
        if (attestPerMinute < 0 || attestPerMinute > 6_000_000) {
            throw new IllegalArgumentException("attest rate must be between 0 (unlimited) and 6000000 per minute, got "
                    + attestPerMinute);
        }
        if (attestBurst < 1 || attestBurst > 1_000_000) {
            throw new IllegalArgumentException("attest burst must be between 1 and 1000000, got " + attestBurst);
        }
        Objects.requireNonNull(evidenceClock, "evidenceClock");
        Objects.requireNonNull(onlineCollateral, "onlineCollateral");
    }

    /** Verifying evidence at the server's time. */
    public AttestationSettings(Duration tokenLifetime, int attestPerMinute, int attestBurst) {
        this(tokenLifetime, attestPerMinute, attestBurst, Optional.empty(), Optional.empty());
    }

    /** 8-hour tokens, 600 calls a minute per address with bursts of 60. */
    public static AttestationSettings defaults() {
        return new AttestationSettings(DEFAULT_LIFETIME, DEFAULT_PER_MINUTE, DEFAULT_BURST);
    }

    public AttestationSettings withTokenLifetime(Duration lifetime) {
        return new AttestationSettings(lifetime, attestPerMinute, attestBurst, evidenceClock, onlineCollateral);
    }

    public AttestationSettings withAttestLimit(int perMinute, int burst) {
        return new AttestationSettings(tokenLifetime, perMinute, burst, evidenceClock, onlineCollateral);
    }

    /** Verifies evidence at {@code clock}'s time instead of the server's (see {@link #evidenceClock()}). */
    public AttestationSettings withEvidenceClock(Clock clock) {
        return new AttestationSettings(tokenLifetime, attestPerMinute, attestBurst, Optional.of(clock), onlineCollateral);
    }

    /** Fetches collateral missing from the cache from {@code services} (see {@link #onlineCollateral()}). */
    public AttestationSettings withOnlineCollateral(CollateralServices services) {
        return new AttestationSettings(tokenLifetime, attestPerMinute, attestBurst, evidenceClock, Optional.of(services));
    }
}
