package dev.trustplane.agent.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file operations configfs-tsm needs, with the semantics configfs requires: attribute files exist once
 * the entry directory exists (never created, never truncated), a write is one {@code write(2)} of the whole
 * value (configfs hands each write to the provider separately), and a read goes to end of file (the size
 * {@code stat} reports is not the blob size). Tests substitute a fake kernel that keeps the same contract.
 */
interface ConfigfsIo {

    void createDirectory(Path dir) throws IOException;

    /** Reads to end of file; more than {@code max} bytes is an error, never a truncated result. */
    byte[] read(Path file, int max) throws IOException;

    /** Writes {@code data} in exactly one write call to an existing file. */
    void write(Path file, byte[] data) throws IOException;

    boolean exists(Path path);

    void deleteDirectory(Path dir) throws IOException;

    /** The real filesystem. */
    ConfigfsIo NATIVE = new ConfigfsIo() {
        @Override
        public void createDirectory(Path dir) throws IOException {
            Files.createDirectory(dir);
        }

        @Override
        public byte[] read(Path file, int max) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] data = in.readNBytes(max);
                if (in.read() != -1) {
                    throw new IOException(file + " holds more than " + max + " bytes");
                }
                return data;
            }
        }

        @Override
        public void write(Path file, byte[] data) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                int written = ch.write(ByteBuffer.wrap(data));
                if (written != data.length) {
                    throw new IOException("short write to " + file + ": " + written + " of " + data.length + " bytes");
                }
            }
        }

        @Override
        public boolean exists(Path path) {
            return Files.exists(path);
        }

        @Override
        public void deleteDirectory(Path dir) throws IOException {
            Files.delete(dir);
        }
    };
}
