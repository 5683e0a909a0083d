package dev.trustplane.agent.evidence;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The kernel side of configfs-tsm over a real directory tree the test owns: {@code mkdir} of an entry makes
 * its attribute files appear ({@code provider}, {@code generation} = 0, {@code inblob}, {@code outblob} and,
 * for SNP, {@code auxblob} and {@code privlevel}); a write to {@code inblob} must be exactly 64 bytes (else
 * EINVAL), bumps {@code generation} and produces the provider's output; a write to {@code privlevel} (ASCII
 * 0-3) bumps it too; {@code rmdir} removes the entry with its attributes.
 * Knobs inject what real kernels do to clients: concurrent writers (generation races) and EBUSY.
 */
class FakeConfigfs implements ConfigfsIo {
    private final String provider;
    private final Function<byte[], byte[]> outblob;
    private final byte[] auxblob;
    /** How many times another writer rewrites inblob between our write and our outblob read. */
    int racesToInject;
    /** How many outblob reads fail with EBUSY. */
    int busyReads;
    int entriesCreated;
    int entriesRemoved;
    final java.util.List<String> privlevelsWritten = new java.util.ArrayList<>();

    FakeConfigfs(String provider, Function<byte[], byte[]> outblob, byte[] auxblob) {
        this.provider = provider;
        this.outblob = outblob;
        this.auxblob = auxblob;
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir);
        entriesCreated++;
        Files.writeString(dir.resolve("provider"), provider + "\n");
        Files.writeString(dir.resolve("generation"), "0\n");
        Files.write(dir.resolve("inblob"), new byte[0]);
        Files.write(dir.resolve("outblob"), new byte[0]);
        if (provider.equals("sev_guest")) {
            Files.write(dir.resolve("auxblob"), new byte[0]);
            Files.writeString(dir.resolve("privlevel"), "");
        }
    }

    @Override
    public byte[] read(Path file, int max) throws IOException {
        if (file.getFileName().toString().equals("outblob")) {
            if (busyReads > 0) {
                busyReads--;
                throw new FileSystemException(file.toString(), null, "Device or resource busy");
            }
            if (racesToInject > 0) {
                racesToInject--;
                byte[] theirs = new byte[64];
                java.util.Arrays.fill(theirs, (byte) 0xEE);
                write(file.resolveSibling("inblob"), theirs);
            }
        }
        return ConfigfsIo.NATIVE.read(file, max);
    }

    @Override
    public void write(Path file, byte[] data) throws IOException {
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        if (file.getFileName().toString().equals("privlevel")) {
            String level = new String(data, java.nio.charset.StandardCharsets.US_ASCII);
            if (!level.matches("[0-3]")) {
                throw new FileSystemException(file.toString(), null, "Invalid argument");
            }
            privlevelsWritten.add(level);
            bumpGeneration(file.getParent());
            return;
        }
        if (file.getFileName().toString().equals("inblob")) {
            if (data.length != 64) {
                throw new FileSystemException(file.toString(), null, "Invalid argument");
            }
            Path dir = file.getParent();
            Files.write(file, data);
            bumpGeneration(dir);
            Files.write(dir.resolve("outblob"), outblob.apply(data));
            if (auxblob != null) {
                Files.write(dir.resolve("auxblob"), auxblob);
            }
            return;
        }
        ConfigfsIo.NATIVE.write(file, data);
    }

    private static void bumpGeneration(Path dir) throws IOException {
        long g = Long.parseLong(Files.readString(dir.resolve("generation")).strip());
        Files.writeString(dir.resolve("generation"), (g + 1) + "\n");
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public void deleteDirectory(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
        entriesRemoved++;
    }

}
