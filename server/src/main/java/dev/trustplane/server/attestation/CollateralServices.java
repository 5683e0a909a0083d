package dev.trustplane.server.attestation;

import dev.trustplane.evidence.kds.CollateralStore;
import dev.trustplane.evidence.kds.KdsClient;
import dev.trustplane.evidence.pcs.PcsClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the attestation service fetches collateral it does not have (AMD KDS for VCEKs and AMD CRLs; Intel PCS
 * for TCB Info, QE Identity and CRLs), when the operator allows it with {@code serve --collateral online}.
 * Fetches happen inside an attestation request, so they are short: 5 s timeouts and two attempts, and whatever
 * was fetched is cached in the data dir for every later request (and for the other replicas' restarts, if the
 * data dir is shared). A fetch failure is the same refusal as missing collateral offline.
 *
 * @param kds AMD's Key Distribution Service root
 * @param pcs Intel's PCS API root
 * @param intelCertificates Intel's certificate host (the Root CA CRL)
 */
public record CollateralServices(URI kds, URI pcs, URI intelCertificates) {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int ATTEMPTS = 2;
    private static final Duration BACKOFF = Duration.ofMillis(500);

    public CollateralServices {
        Objects.requireNonNull(kds, "kds");
        Objects.requireNonNull(pcs, "pcs");
        Objects.requireNonNull(intelCertificates, "intelCertificates");
    }

    /** AMD's and Intel's public services. */
    public static CollateralServices vendors() {
        return new CollateralServices(KdsClient.AMD_KDS, PcsClient.INTEL_PCS, PcsClient.INTEL_CERTIFICATES);
    }

    /** A cache in {@code dir} that fills itself from these services. */
    CollateralStore store(Path dir) {
        return CollateralStore.online(dir, new KdsClient(kds, TIMEOUT, ATTEMPTS, BACKOFF, Thread::sleep),
                new PcsClient(pcs, intelCertificates, TIMEOUT, ATTEMPTS, BACKOFF, Thread::sleep));
    }
}
