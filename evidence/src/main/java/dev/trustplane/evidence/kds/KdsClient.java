package dev.trustplane.evidence.kds;

import java.net.URI;
import java.time.Duration;

/**
 * Fetches collateral from AMD's Key Distribution Service over HTTPS, through a {@link CollateralFetcher}
 * (per-request timeout, bounded retries with backoff, 404 final). KDS rate-limits aggressively, which is why
 * {@link CollateralStore} caches everything it fetches and the verifier never fetches what it has.
 */
public final class KdsClient {
    /** AMD's public service. */
    public static final URI AMD_KDS = URI.create("https://kdsintf.amd.com");
    private static final int MAX_BODY = 64 * 1024;

    private final URI base;
    private final CollateralFetcher fetcher;

    /**
     * @param base the KDS root, {@link #AMD_KDS} in production; plain http is accepted only for loopback
     *     addresses (tests, local mirrors)
     * @param attempts total tries per request, at least 1
     */
    public KdsClient(URI base, Duration timeout, int attempts, Duration firstBackoff,
            CollateralFetcher.Sleeper sleeper) {
        this.base = CollateralFetcher.checkedBase(base, "KDS");
        this.fetcher = new CollateralFetcher("KDS", MAX_BODY, timeout, attempts, firstBackoff, sleeper);
    }

    /** AMD's KDS with 10 s timeouts, 4 attempts and backoff from 1 s. */
    public static KdsClient amd() {
        return new KdsClient(AMD_KDS, Duration.ofSeconds(10), 4, Duration.ofSeconds(1), Thread::sleep);
    }

    /** Fetches the raw bytes (DER or PEM, as KDS serves them) of {@code request}. */
    public byte[] fetch(KdsRequest request) throws KdsException {
        return fetcher.get(base.resolve(request.path()), request.path()).body();
    }
}
