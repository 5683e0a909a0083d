package dev.trustplane.agent.evidence;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Evidence from Linux configfs-tsm ({@code Documentation/ABI/testing/configfs-tsm-report}, Linux 6.7+): SNP
 * reports with the host's certificate table, and TDX quotes.
 *
 * <p><b>Protocol.</b> Each request gets a private entry directory under the report root (created here,
 * removed in {@code finally}). We read {@code provider}, note {@code generation}, write the VMPL to
 * {@code privlevel} when one was asked for (SNP only), write the 64 report-data bytes to {@code inblob} in one write, read {@code outblob} (and, for SNP, {@code auxblob}) to end of file,
 * and read {@code generation} again.
 *
 * <p><b>Why the generation check.</b> configfs attributes are shared: anyone who can write our entry (root,
 * another agent that guessed the name) can change {@code inblob} between our write and our read, and the
 * kernel then hands us a report over <em>their</em> data. The kernel bumps {@code generation} on every write,
 * so after our writes it must have grown by exactly their number; otherwise the output is discarded and the
 * request retried in a fresh entry, up to {@code attempts} times, then {@link Failure#RACE}. We additionally
 * check that the report carries our report data, so even a race the counter missed cannot pass.
 *
 * <p>TDX returns {@code EBUSY} while an earlier quote is in flight; that is retried the same bounded way after
 * {@code busyDelay}.
 */
final class ConfigfsTsm implements EvidenceSource {
    /** The usual mount point of the report root. */
    static final Path DEFAULT_ROOT = Path.of("/sys/kernel/config/tsm/report");
    /** outblob limit: TDX quotes are ~5-8 KB, DICE CWT quotes a little more; the kernel caps at 32 KB. */
    static final int MAX_OUTBLOB = 64 * 1024;
    static final String SNP_PROVIDER = "sev_guest";
    static final String TDX_PROVIDER = "tdx_guest";

    private final Path root;
    private final ConfigfsIo io;
    private final Optional<Tee> expected;
    private final OptionalInt privlevel;
    private final int attempts;
    private final Duration busyDelay;
    private final Sleeper sleeper;

    /** Sleeps between retries; injectable so tests do not wait. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    ConfigfsTsm(Path root, ConfigfsIo io, Optional<Tee> expected, OptionalInt privlevel, int attempts, Duration busyDelay,
            Sleeper sleeper) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.root = root;
        this.io = io;
        this.expected = expected;
        this.privlevel = privlevel;
        this.attempts = attempts;
        this.busyDelay = busyDelay;
        this.sleeper = sleeper;
    }

    @Override
    public Tee tee() {
        return expected.orElse(Tee.SNP);
    }

    @Override
    public String describe() {
        return "configfs-tsm " + root + expected.map(t -> " (" + t.cliName() + ")").orElse("");
    }

    /**
     * Creates and removes one entry to learn the provider: {@link Tee#SNP} or {@link Tee#TDX}.
     *
     * @throws EvidenceCollectionException {@link Failure#NOT_AVAILABLE} when there is no report root or no provider
     */
    Tee probe() throws EvidenceCollectionException {
        Path entry = createEntry();
        try {
            return teeOf(readText(entry.resolve("provider")));
        } finally {
            remove(entry);
        }
    }

    @Override
    public Evidence collect(byte[] reportData) throws EvidenceCollectionException {
        byte[] data = EvidenceSource.checkReportData(reportData);
        String lastProblem = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Path entry = createEntry();
            try {
                Optional<Evidence> result = requestOnce(entry, data);
                if (result.isPresent()) {
                    return result.get();
                }
                lastProblem = "generation changed by another writer";
            } catch (Busy busy) {
                lastProblem = "provider busy (" + busy.getMessage() + ")";
                pause();
            } finally {
                remove(entry);
            }
        }
        throw new EvidenceCollectionException(Failure.RACE, "generation", -1, "configfs-tsm request under " + root
                + " did not complete uncontested in " + attempts + " attempts; last: " + lastProblem);
    }

    /** One request; empty when the generation shows a concurrent write. */
    private Optional<Evidence> requestOnce(Path entry, byte[] data) throws EvidenceCollectionException, Busy {
        String provider = readText(entry.resolve("provider"));
        Tee tee = teeOf(provider);
        if (expected.isPresent() && expected.get() != tee) {
            throw new EvidenceCollectionException(Failure.NOT_AVAILABLE, "provider", -1, "configfs-tsm under " + root
                    + " is served by '" + provider + "', not " + expected.get().cliName());
        }
        long before = generation(entry);
        int writes = 0;
        if (privlevel.isPresent()) {
            if (tee != Tee.SNP) {
                throw new EvidenceCollectionException(Failure.INVALID_REQUEST, "privlevel", -1, "a VMPL applies to SNP "
                        + "only; configfs-tsm under " + root + " is served by '" + provider + "'");
            }
            // ASCII decimal, as go-configfs-tsm writes it; the kernel rejects levels below privlevel_floor.
            write(entry, "privlevel", Integer.toString(privlevel.getAsInt()).getBytes(StandardCharsets.US_ASCII));
            writes++;
        }
        write(entry, "inblob", data);
        writes++;
        byte[] out = readBlob(entry.resolve("outblob"), MAX_OUTBLOB, "outblob");
        byte[] aux = tee == Tee.SNP && io.exists(entry.resolve("auxblob"))
                ? readBlob(entry.resolve("auxblob"), SnpCertificateTable.MAX_SIZE, "auxblob") : new byte[0];
        long after = generation(entry);
        if (after != before + writes) {
            return Optional.empty();
        }
        String source = "configfs-tsm (" + provider + ")";
        if (tee == Tee.SNP) {
            ReportDataCheck.snp(out, data, "outblob");
            return Optional.of(new Evidence.Snp(out, aux.length == 0 ? Optional.empty()
                    : Optional.of(SnpCertificateTable.parse(aux)), source));
        }
        ReportDataCheck.tdx(out, data, "outblob");
        return Optional.of(new Evidence.Tdx(out, source));
    }

    private Path createEntry() throws EvidenceCollectionException {
        Path entry = root.resolve("trustplane-" + UUID.randomUUID());
        try {
            io.createDirectory(entry);
            return entry;
        } catch (NoSuchFileException e) {
            throw new EvidenceCollectionException(Failure.NOT_AVAILABLE, "no configfs-tsm report directory at " + root
                    + " (needs Linux 6.7+ and configfs mounted at /sys/kernel/config)");
        } catch (AccessDeniedException e) {
            throw new EvidenceCollectionException(Failure.ACCESS_DENIED, "cannot create a report entry under " + root
                    + ": permission denied (configfs-tsm needs root or ownership of the directory)");
        } catch (IOException e) {
            throw new EvidenceCollectionException(Failure.NOT_AVAILABLE, "cannot create a report entry under " + root
                    + " (no TSM provider registered?): " + reason(e));
        }
    }

    private void write(Path entry, String attribute, byte[] value) throws EvidenceCollectionException {
        try {
            io.write(entry.resolve(attribute), value);
        } catch (IOException e) {
            throw failure(e, attribute);
        }
    }

    private void remove(Path entry) {
        try {
            io.deleteDirectory(entry);
        } catch (IOException e) {
            // Nothing secret is left behind (inblob is report data, which the verifier sees anyway); an entry that
            // cannot be removed costs a little kernel memory and must not mask the request's own outcome.
        }
    }

    private long generation(Path entry) throws EvidenceCollectionException {
        String text = readText(entry.resolve("generation"));
        try {
            long g = Long.parseLong(text);
            if (g < 0) {
                throw new NumberFormatException();
            }
            return g;
        } catch (NumberFormatException e) {
            throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, "generation", -1,
                    "not a decimal counter (" + text.length() + " characters)");
        }
    }

    private String readText(Path file) throws EvidenceCollectionException {
        try {
            return new String(io.read(file, 64), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw failure(e, file.getFileName().toString());
        }
    }

    private byte[] readBlob(Path file, int max, String name) throws EvidenceCollectionException, Busy {
        try {
            return io.read(file, max);
        } catch (FileSystemException e) {
            if ("Device or resource busy".equals(e.getReason())) {
                throw new Busy(name);
            }
            throw failure(e, name);
        } catch (IOException e) {
            throw failure(e, name);
        }
    }

    private static Tee teeOf(String provider) throws EvidenceCollectionException {
        return switch (provider) {
            case SNP_PROVIDER -> Tee.SNP;
            case TDX_PROVIDER -> Tee.TDX;
            default -> throw new EvidenceCollectionException(Failure.NOT_AVAILABLE, "provider", -1,
                    "unsupported configfs-tsm provider '" + provider.substring(0, Math.min(32, provider.length()))
                            + "' (supported: sev_guest, tdx_guest)");
        };
    }

    private EvidenceCollectionException failure(IOException e, String attribute) {
        Failure kind = e instanceof AccessDeniedException ? Failure.ACCESS_DENIED : Failure.DEVICE_ERROR;
        return new EvidenceCollectionException(kind, attribute, -1, "configfs-tsm " + attribute + " under " + root
                + " failed: " + reason(e));
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    private void pause() throws EvidenceCollectionException {
        try {
            sleeper.sleep(busyDelay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceCollectionException(Failure.DEVICE_ERROR, "interrupted while waiting for configfs-tsm");
        }
    }

    /** EBUSY from the provider: a quote is still in flight. */
    private static final class Busy extends Exception {
        private static final long serialVersionUID = 1L;

        Busy(String attribute) {
            super(attribute + " EBUSY", null, false, false);
        }
    }
}
