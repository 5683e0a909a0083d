package dev.trustplane.evidence.pcs;

import dev.trustplane.evidence.kds.CollateralFetcher;
import dev.trustplane.evidence.kds.KdsException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Fetches Intel collateral from the Provisioning Certification Service (API v4) over HTTPS, through a
 * {@link CollateralFetcher} like {@link dev.trustplane.evidence.kds.KdsClient}: per-request timeout, bounded
 * retries with backoff, 404 final. Failures are {@link KdsException}s so callers handle AMD and Intel
 * collateral alike. No subscription key is needed for these endpoints.
 */
public final class PcsClient {
    /** Intel's PCS API host. */
    public static final URI INTEL_PCS = URI.create("https://api.trustedservices.intel.com");
    /** Intel's certificate host (Root CA CRL). */
    public static final URI INTEL_CERTIFICATES = URI.create("https://certificates.trustedservices.intel.com");
    private static final int MAX_BODY = 256 * 1024;

    /** A PCS answer: the body and, for TCB Info and QE Identity, the signer's chain (PEM). */
    public record Response(byte[] body, Optional<String> issuerChain) {}

    private final URI api;
    private final URI certificates;
    private final CollateralFetcher fetcher;

    /**
     * @param api the PCS API root ({@link #INTEL_PCS}); plain http only on loopback (tests, local mirrors)
     * @param certificates the certificate host ({@link #INTEL_CERTIFICATES}); same rule
     * @param attempts total tries per request, at least 1
     */
    public PcsClient(URI api, URI certificates, Duration timeout, int attempts, Duration firstBackoff,
            CollateralFetcher.Sleeper sleeper) {
        this.api = CollateralFetcher.checkedBase(api, "PCS");
        this.certificates = CollateralFetcher.checkedBase(certificates, "PCS");
        this.fetcher = new CollateralFetcher("PCS", MAX_BODY, timeout, attempts, firstBackoff, sleeper);
    }

    /** Intel's services with 10 s timeouts, 4 attempts and backoff from 1 s. */
    public static PcsClient intel() {
        return new PcsClient(INTEL_PCS, INTEL_CERTIFICATES, Duration.ofSeconds(10), 4, Duration.ofSeconds(1), Thread::sleep);
    }

    /** Fetches {@code request}. */
    public Response fetch(PcsRequest request) throws KdsException {
        URI uri = (request.onCertificateHost() ? certificates : api).resolve(request.path());
        HttpResponse<byte[]> response = fetcher.get(uri, request.path());
        try {
            Optional<String> chain = response.headers().firstValue("TCB-Info-Issuer-Chain")
                    .or(() -> response.headers().firstValue("SGX-Enclave-Identity-Issuer-Chain"))
                    .map(v -> URLDecoder.decode(v, StandardCharsets.UTF_8));
            return new Response(response.body(), chain);
        } catch (IllegalArgumentException e) {
            throw new KdsException(KdsException.Kind.BAD_RESPONSE, "PCS issuer chain header is not URL-encoded");
        }
    }
}
