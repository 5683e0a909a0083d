package dev.trustplane.agent.evidence;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real software TPM 2.0 (Debian {@code swtpm}) in socket mode on loopback: raw TPM commands on the data port,
 * TPM2_Startup(CLEAR) already sent. Tests skip with a visible reason when swtpm is not installed.
 */
final class Swtpm implements AutoCloseable {
    private final Process process;
    final int port;

    private Swtpm(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Swtpm start(Path stateDir) throws Exception {
        Path binary = find();
        assumeTrue(binary != null, "swtpm is not installed (apt-get install swtpm swtpm-tools): vTPM tests skipped");
        int data = freePort();
        int ctrl = freePort();
        Process p = new ProcessBuilder(List.of(binary.toString(), "socket", "--tpm2",
                "--server", "type=tcp,port=" + data + ",bindaddr=127.0.0.1",
                "--ctrl", "type=tcp,port=" + ctrl + ",bindaddr=127.0.0.1",
                "--tpmstate", "dir=" + stateDir, "--flags", "not-need-init,startup-clear"))
                .redirectErrorStream(true).redirectOutput(stateDir.resolve("swtpm.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("swtpm exited with " + p.exitValue() + ": "
                        + Files.readString(stateDir.resolve("swtpm.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", data), 200);
                return new Swtpm(p, data);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("swtpm did not listen on port " + data);
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    TpmTransport connect() throws IOException {
        return TpmTransport.tcp("127.0.0.1", port);
    }

    private static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, "swtpm");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
