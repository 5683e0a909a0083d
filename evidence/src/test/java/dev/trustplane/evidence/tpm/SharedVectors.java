package dev.trustplane.evidence.tpm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the real vectors in {@code ${trustplane.shared}/vectors}; tests skip visibly when absent. */
public final class SharedVectors {

    private SharedVectors() {}

    public static Path dir() {
        String shared = System.getProperty("trustplane.shared");
        Path dir = shared == null ? null : Path.of(shared, "vectors");
        assumeTrue(dir != null && Files.isDirectory(dir),
                "shared vectors not found (system property trustplane.shared=" + shared + "); skipping real-vector test");
        return dir;
    }

    public static byte[] read(String relative) {
        Path p = dir().resolve(relative);
        assumeTrue(Files.isRegularFile(p), "vector " + relative + " missing; skipping");
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
