package dev.trustplane.evidence.snp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trustplane.evidence.EvidenceFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/** Access to the shared real-hardware vectors ({@code ${trustplane.shared}/vectors}); skips when absent. */
public final class Vectors {
    private Vectors() {}

    public static Path dir() {
        String shared = System.getProperty("trustplane.shared");
        Path dir = shared == null ? null : Path.of(shared, "vectors");
        assumeTrue(dir != null && Files.isDirectory(dir.resolve("snp")),
                "shared vectors not found (system property trustplane.shared=" + shared
                        + "); real-hardware SNP tests skipped, simulated-chain tests still run");
        return dir;
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(dir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<X509Certificate> certs(String relative) {
        return new SnpCollateralLoader().addBytes(bytes(relative)).certificates();
    }

    public static X509Certificate cert(String relative) {
        return certs(relative).getFirst();
    }

    /** Leaf from {@code leafFile} plus intermediate and ARK from {@code rootsFile}. */
    public static SnpCollateral collateral(String leafFile, String rootsFile) {
        try {
            return new SnpCollateralLoader().addBytes(bytes(leafFile)).addBytes(bytes(rootsFile)).collateral();
        } catch (EvidenceFormatException e) {
            throw new AssertionError(e);
        }
    }
}
