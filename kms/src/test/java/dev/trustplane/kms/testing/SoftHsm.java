package dev.trustplane.kms.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trustplane.common.SecureFiles;
import dev.trustplane.kms.Pkcs11Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real SoftHSM2 for tests. The library reads {@code SOFTHSM2_CONF} once per process, so Surefire sets it
 * (see the module's pom) to a file under {@code target/}. The first use here writes that file and an empty
 * token directory and initialises every token tests use ({@link #TOKEN}, {@link #PIN_TOKEN}) with
 * {@code softhsm2-util}, all before the library loads: SoftHSM2 does not see tokens initialised after its
 * {@code C_Initialize}. Tests share {@link #TOKEN} and use distinct key labels. Tests that
 * need it skip, with the reason, where SoftHSM2 is not installed ({@code apt-get install softhsm2}) or the
 * variable is not set (a run outside Maven).
 */
public final class SoftHsm {
    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    public static final String PIN = "test-user-pin-4821";
    private static final String SO_PIN = "test-so-pin-7734";
    private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");
    /** The token every test may use, with its own key labels. */
    public static final String TOKEN = "kms";
    /** A token only the wrong-PIN test logs in to: PKCS#11 login is per process, so a logged-in token accepts any PIN. */
    public static final String PIN_TOKEN = "kms-pin";
    private static final Map<String, Long> TOKENS = new HashMap<>();
    private static boolean prepared;

    private SoftHsm() {}

    /** Skips the calling test, with the reason, when SoftHSM2 cannot be used here. */
    public static void assumeAvailable() {
        assumeTrue(Files.isRegularFile(LIBRARY), "SoftHSM2 is not installed (" + LIBRARY + " is absent; apt-get install softhsm2): PKCS#11 tests skipped");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/softhsm2-util")), "softhsm2-util is not installed: PKCS#11 tests skipped");
        String conf = System.getenv("SOFTHSM2_CONF");
        assumeTrue(conf != null && !conf.isBlank(), "SOFTHSM2_CONF is not set (run the tests through Maven): PKCS#11 tests skipped");
    }

    /** The slot id of the token {@code label} ({@link #TOKEN} or {@link #PIN_TOKEN}), whose user PIN is {@link #PIN}. */
    public static synchronized long token(String label) {
        assumeAvailable();
        try {
            prepare();
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare SoftHSM2", e);
        }
        Long slot = TOKENS.get(label);
        if (slot == null) {
            throw new IllegalArgumentException("no test token " + label + "; use SoftHsm.TOKEN or SoftHsm.PIN_TOKEN");
        }
        return slot;
    }

    /** A config for the token {@code label} and key {@code keyLabel}, its PIN in an owner-only file in {@code dir}. */
    public static Pkcs11Config config(String label, String keyLabel, boolean create, Path dir) throws IOException {
        long slot = token(label);
        Path pinFile = dir.resolve("pin-" + label);
        if (!Files.exists(pinFile)) {
            SecureFiles.createNew(pinFile, PIN + "\n", SecureFiles.OWNER_ONLY);
        }
        return new Pkcs11Config(LIBRARY, Pkcs11Config.Slot.id(slot), keyLabel, Pkcs11Config.PinSource.file(pinFile), create);
    }

    private static void prepare() throws IOException {
        if (prepared) {
            return;
        }
        Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
        Path tokens = conf.resolveSibling("tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> old = Files.walk(tokens)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        for (String label : new String[] {TOKEN, PIN_TOKEN}) {
            String out = run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", SO_PIN);
            Matcher m = SLOT.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("softhsm2-util did not report the slot: " + out);
            }
            TOKENS.put(label, Long.parseLong(m.group(1)));
        }
        prepared = true;
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command[0] + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(command[0] + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }
}
