package dev.trustplane.evidence.kds;

import dev.trustplane.common.SecureFiles;
import dev.trustplane.evidence.pcs.PcsClient;
import dev.trustplane.evidence.pcs.PcsRequest;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AMD collateral (VCEKs, certificate chains, CRLs) on disk, filled from KDS on demand; and Intel
 * collateral (TCB Info, QE Identity, PCK and Root CA CRLs, the TCB Signing chain) under
 * {@code DIR/intel/} (see {@link PcsRequest#cacheName()}), filled from Intel PCS.
 *
 * <p>Layout: {@code DIR/amd/<Product>/vcek/<hwid>/<spls>.der}, {@code DIR/amd/<Product>/vcek_cert_chain.pem},
 * {@code vlek_cert_chain.pem}, {@code crl.der}. Cached items are served without touching the network:
 * VCEKs never change for a given chip and TCB, and KDS rate-limits. CRLs change, so {@link #refresh}
 * fetches them again. In offline mode nothing is fetched, and a missing item is
 * {@link KdsException.Kind#NOT_CACHED}. The store holds no secrets: everything in it is public.
 */
public final class CollateralStore {
    private static final Logger LOG = LoggerFactory.getLogger(CollateralStore.class);

    /** How long a failed fetch is not repeated. */
    static final Duration QUIET = Duration.ofMinutes(1);

    private final Path root;
    private final Map<String, Long> failedAt = new ConcurrentHashMap<>();
    private final Optional<KdsClient> kds;
    private final Optional<PcsClient> pcs;

    private CollateralStore(Path root, Optional<KdsClient> kds, Optional<PcsClient> pcs) {
        this.root = root;
        this.kds = kds;
        this.pcs = pcs;
    }

    /** A store that fetches AMD collateral it lacks from {@code kds}; Intel collateral only from the cache. */
    public static CollateralStore online(Path dir, KdsClient kds) {
        return new CollateralStore(dir, Optional.of(kds), Optional.empty());
    }

    /** A store that fetches what it lacks from {@code kds} (AMD) and {@code pcs} (Intel). */
    public static CollateralStore online(Path dir, KdsClient kds, PcsClient pcs) {
        return new CollateralStore(dir, Optional.of(kds), Optional.of(pcs));
    }

    /** A store that never touches the network. */
    public static CollateralStore offline(Path dir) {
        return new CollateralStore(dir, Optional.empty(), Optional.empty());
    }

    /** Whether Intel collateral may be fetched. */
    public boolean fetchesIntel() {
        return pcs.isPresent();
    }

    /** The cached Intel item, fetching and caching it first when online and absent. */
    public byte[] get(PcsRequest request) throws KdsException {
        Optional<byte[]> cached = cached(request);
        return cached.isPresent() ? cached.get() : fetchAndStore(request);
    }

    /** Fetches the Intel item again (it was found stale); offline, the cached copy is returned. */
    public byte[] refresh(PcsRequest request) throws KdsException {
        return pcs.isEmpty() ? get(request) : fetchAndStore(request);
    }

    /** The cached Intel item, if any. Never fetches. */
    public Optional<byte[]> cached(PcsRequest request) throws KdsException {
        return read(intelFile(request));
    }

    /** Stores Intel collateral obtained elsewhere (an import). */
    public void put(PcsRequest request, byte[] bytes) throws IOException {
        Path file = intelFile(request);
        Files.createDirectories(file.getParent());
        SecureFiles.replace(file, bytes, SecureFiles.PUBLIC);
    }

    private byte[] fetchAndStore(PcsRequest request) throws KdsException {
        if (pcs.isEmpty()) {
            throw new KdsException(KdsException.Kind.NOT_CACHED, "offline and not cached: " + request.cacheName());
        }
        String name = "PCS " + request.cacheName();
        quietAfterFailure(name);
        PcsClient.Response response;
        try {
            response = pcs.get().fetch(request);
            failedAt.remove(name);
        } catch (KdsException e) {
            throw failed(name, e);
        }
        try {
            put(request, response.body());
            if (response.issuerChain().isPresent()) {
                put(new PcsRequest.SigningChain(), response.issuerChain().get().getBytes(StandardCharsets.US_ASCII));
            }
            LOG.info("cached {} from PCS", request.cacheName());
        } catch (IOException e) {
            LOG.warn("cannot cache {} under {}: {}", request.cacheName(), root, e.getClass().getSimpleName());
        }
        return response.body();
    }

    private Path intelFile(PcsRequest request) {
        return root.resolve("intel").resolve(request.cacheName());
    }

    private static Optional<byte[]> read(Path file) throws KdsException {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new KdsException(KdsException.Kind.UNAVAILABLE, "cannot read cached " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }

    public boolean isOffline() {
        return kds.isEmpty() && pcs.isEmpty();
    }

    /** The cached bytes of {@code request}, fetching and caching them first when online and absent. */
    public byte[] get(KdsRequest request) throws KdsException {
        Optional<byte[]> cached = cached(request);
        if (cached.isPresent()) {
            return cached.get();
        }
        return fetchAndStore(request);
    }

    /** Fetches {@code request} again even when cached (for CRLs); offline, the cached copy is returned. */
    public byte[] refresh(KdsRequest request) throws KdsException {
        return isOffline() ? get(request) : fetchAndStore(request);
    }

    /** The cached bytes, if any. Never fetches. */
    public Optional<byte[]> cached(KdsRequest request) throws KdsException {
        Path file = file(request);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new KdsException(KdsException.Kind.UNAVAILABLE, "cannot read cached " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /** Stores bytes obtained elsewhere (an import, an extended report's certificate table). */
    public void put(KdsRequest request, byte[] bytes) throws IOException {
        Path file = file(request);
        Files.createDirectories(file.getParent());
        SecureFiles.replace(file, bytes, SecureFiles.PUBLIC);
    }

    /** The cache folder. */
    public Path root() {
        return root;
    }

    private byte[] fetchAndStore(KdsRequest request) throws KdsException {
        if (kds.isEmpty()) {
            throw new KdsException(KdsException.Kind.NOT_CACHED, "offline and not cached: " + request.path());
        }
        String name = "KDS " + request.path();
        quietAfterFailure(name);
        byte[] bytes;
        try {
            bytes = kds.get().fetch(request);
            failedAt.remove(name);
        } catch (KdsException e) {
            throw failed(name, e);
        }
        try {
            put(request, bytes);
            LOG.info("cached {} from KDS", request.path());
        } catch (IOException e) {
            // A read-only cache must not make verification fail: use the bytes, warn.
            LOG.warn("cannot cache {} under {}: {}", request.path(), root, e.getClass().getSimpleName());
        }
        return bytes;
    }

    /**
     * After a failed fetch the same item is not fetched again for {@link #QUIET}: a server verifying evidence
     * must not wait on a vendor that is down at every request, nor let hostile evidence (any FMSPC or chip id
     * can be written into an unverified certificate) make it hammer the vendor.
     */
    private void quietAfterFailure(String name) throws KdsException {
        Long at = failedAt.get(name);
        if (at != null && System.nanoTime() - at < QUIET.toNanos()) {
            throw new KdsException(KdsException.Kind.UNAVAILABLE, name + ": the last fetch failed less than "
                    + QUIET.toSeconds() + " s ago; not fetched again yet");
        }
    }

    private KdsException failed(String name, KdsException e) {
        failedAt.put(name, System.nanoTime());
        LOG.warn("could not fetch {} ({}); next try in {} s at the earliest", name, e.getMessage(), QUIET.toSeconds());
        return e;
    }

    private Path file(KdsRequest request) {
        return root.resolve("amd").resolve(request.product().kdsName()).resolve(request.cacheName());
    }
}
