package dev.trustplane.cli;

import dev.trustplane.agent.AgentException;
import dev.trustplane.agent.RefreshingKey;
import dev.trustplane.agent.ReleasedKey;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code trustplane agent run --refresh}: the command runs only while the workload keeps earning its key.
 *
 * <p>The command gets the key once, on its standard input, as without {@code --refresh}. The agent then stays
 * alive beside it and attests and releases again every refresh interval ({@link RefreshingKey}), printing one line
 * per outcome. A process that was handed a key cannot be made to forget it, so "dropping the key" past the grace
 * period means stopping the command: SIGTERM to the command and its descendants, SIGKILL if they are still alive
 * after {@link #STOP_TIMEOUT}, and exit code 1. A supervisor (systemd {@code Restart=on-failure}) then starts the
 * agent again, which must attest afresh before the command sees a key. A refresh that returns a new key version
 * (rotation) is only reported: rotation is not revocation, and the command keeps the version it was given.
 */
final class RefreshedRun {
    /** How long a command gets between SIGTERM and SIGKILL once its key was dropped. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private RefreshedRun() {}

    /**
     * Starts {@code command} with the key obtained by {@code source} on its standard input and keeps the key
     * refreshed until the command exits (its exit code is returned) or the key is dropped (the command is
     * stopped and 1 returned).
     */
    static int run(RefreshingKey.KeySource source, List<String> command, Duration refresh, Duration grace,
            PrintStream err) throws UsageException, InterruptedException {
        AtomicReference<Process> child = new AtomicReference<>();
        AtomicBoolean dropped = new AtomicBoolean();
        long started = System.nanoTime();
        RefreshingKey key;
        try {
            key = RefreshingKey.start(source, refresh, grace, Clock.systemUTC(),
                    line -> err.println("trustplane agent: " + line), () -> {
                        dropped.set(true);
                        Process p = child.get();
                        if (p != null) {
                            stop(p, err);
                        }
                    });
        } catch (AgentException e) {
            err.println("trustplane agent: " + e.getMessage());
            return Main.NO;
        }
        try (key) {
            err.println("trustplane agent: released " + key.current().orElseThrow().kid() + " in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms; refreshing every " + refresh
                    + ", grace " + grace);
            Process process = handOver(key.current().orElseThrow(), command);
            if (process == null) {
                err.println("trustplane agent: the released key cannot be encoded");
                return Main.NO;
            }
            child.set(process);
            if (dropped.get()) {
                // Dropped between the release and the start: the callback found no process to stop.
                stop(child.get(), err);
            }
            int exit = child.get().waitFor();
            if (dropped.get()) {
                err.println("trustplane agent: " + command.getFirst() + " was stopped because its key was dropped"
                        + " (its exit code " + exit + ")");
                return Main.NO;
            }
            return exit;
        }
    }

    /**
     * Starts the command with {@code key} on its standard input, or returns null when the key has no encoding. A
     * method of its own so that no reference to the key outlives the hand-over in this frame: afterwards the
     * refreshed key in {@link RefreshingKey} is the only one this process holds, and dropping it means something.
     */
    private static Process handOver(ReleasedKey key, List<String> command) throws UsageException {
        byte[] material = AgentCommand.encoded(key);
        return material == null ? null : AgentCommand.startWithKey(command, material);
    }

    /** SIGTERM to the command and everything it started, SIGKILL to what is left after {@link #STOP_TIMEOUT}. */
    private static void stop(Process p, PrintStream err) {
        err.println("trustplane agent: stopping pid " + p.pid() + " (SIGTERM, SIGKILL after "
                + STOP_TIMEOUT.toSeconds() + " s)");
        List<ProcessHandle> all = p.descendants().toList();
        all.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
