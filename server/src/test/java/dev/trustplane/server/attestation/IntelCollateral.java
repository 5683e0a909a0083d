package dev.trustplane.server.attestation;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trustplane.evidence.kds.CollateralStore;
import dev.trustplane.evidence.pcs.IntelCollateralTransfer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Fills a test server's collateral cache the way an operator does ({@code trustplane collateral import DIR}: the
 * same {@link IntelCollateralTransfer} into {@code DATA_DIR/collateral}), reads the shared real vectors, and gives
 * the evidence clock the vectors need (their collateral is long expired).
 */
final class IntelCollateral {
    private IntelCollateral() {}

    /** Replaces the server's collateral cache with {@code files} (name → bytes), imported from a staging folder. */
    static void importInto(Path dataDir, Path staging, Map<String, byte[]> files) {
        try {
            Path cache = dataDir.resolve(AttestationRoutes.COLLATERAL_DIR);
            deleteTree(cache);
            deleteTree(staging);
            Files.createDirectories(staging);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(staging.resolve(f.getKey().replace('/', '_')), f.getValue());
            }
            var summary = IntelCollateralTransfer.importFrom(staging, CollateralStore.offline(cache));
            if (!summary.problems().isEmpty()) {
                throw new IllegalStateException("collateral import problems: " + summary.problems());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared vectors folder; skips the calling test when {@code ../shared} is absent. */
    static Path vectors() {
        String shared = System.getProperty("trustplane.shared");
        Path dir = shared == null ? null : Path.of(shared, "vectors");
        assumeTrue(dir != null && Files.isDirectory(dir.resolve("tdx")) && Files.isDirectory(dir.resolve("sgx")),
                "shared vectors not found (trustplane.shared=" + shared + "); real TDX/SGX attestation tests skipped, "
                        + "the simulator-based ones still run");
        return dir;
    }

    static byte[] vector(String relative) {
        try {
            return Files.readAllBytes(vectors().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
