package dev.trustplane.store.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Data-dir helpers for tests and benchmarks that run several replicas. */
public final class DataDirs {
    private DataDirs() {}

    /**
     * Copies one replica's data dir to {@code to} as an operator makes another replica (docs/high-availability.md:
     * {@code rsync -a}, modes kept), leaving out a SQLite store file, which replicas never share.
     */
    public static void copyForReplica(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().startsWith("trustplane.db")) {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
