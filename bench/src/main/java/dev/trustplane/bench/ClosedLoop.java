package dev.trustplane.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closed-loop callers in this JVM for a fixed time: each of {@code concurrency} platform threads calls the
 * operation again as soon as it returns. Gives the rate and latency percentiles, in the same {@link Result} the
 * HTTPS load generator ({@link H2Load}) gives, so in-process and over-the-wire figures sit side by side.
 */
public final class ClosedLoop {
    private ClosedLoop() {}

    /** One operation; {@code i} differs per call, for benchmarks that rotate over several inputs. */
    @FunctionalInterface
    public interface Op {
        void call(int i) throws Exception;
    }

    /** Operations per second and latency percentiles of one measurement. */
    public record Result(double perSecond, double p50Millis, double p99Millis) {
        /** The result with the median rate of several rounds. */
        public static Result median(Result[] rounds) {
            Result[] sorted = rounds.clone();
            Arrays.sort(sorted, (a, b) -> Double.compare(a.perSecond(), b.perSecond()));
            return sorted[sorted.length / 2];
        }

        /** Rate, p50 and p99 from sorted latencies in nanoseconds over {@code seconds}. */
        static Result of(long[] sortedNanos, double seconds) {
            int n = sortedNanos.length;
            if (n == 0) {
                return new Result(0, Double.NaN, Double.NaN);
            }
            return new Result(n / seconds, sortedNanos[(int) (n * 0.50)] / 1e6, sortedNanos[Math.min(n - 1, (int) (n * 0.99))] / 1e6);
        }
    }

    /** Runs {@code op} from {@code concurrency} threads for {@code seconds}; fails if any call throws. */
    public static Result run(Op op, int concurrency, int seconds) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(concurrency);
        long[][] latencies = new long[concurrency][];
        int[] counts = new int[concurrency];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < concurrency; t++) {
            int id = t;
            Thread.ofPlatform().start(() -> {
                long[] mine = new long[1 << 14];
                int n = 0;
                try {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        op.call(id * 7919 + n);
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = System.nanoTime() - start;
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                    stop.set(true);
                } finally {
                    latencies[id] = mine;
                    counts[id] = n;
                    done.countDown();
                }
            });
        }
        long start = System.nanoTime();
        Thread.sleep(Duration.ofSeconds(seconds));
        stop.set(true);
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failure[0] != null) {
            throw new IllegalStateException("a caller failed", failure[0]);
        }
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int t = 0; t < concurrency; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return Result.of(all, elapsed);
    }
}
