package dev.trustplane.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link DcapVerifyBenchmark}'s three measurements in thread CPU time, interleaved round by round in one
 * JVM: on a shared, loaded machine the JMH scores (wall clock, one benchmark after another) move with
 * the load, while CPU time per operation of alternating rounds compares like with like.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -Dtrustplane.shared=../shared -cp
 * bench/target/benchmarks.jar dev.trustplane.bench.DcapVerifyCpu [corretto|jdk] [ops per round] [rounds]}.
 * The first third of the rounds is warm-up; the means of the rest are printed.
 */
public final class DcapVerifyCpu {
    private interface Op {
        boolean run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        DcapVerifyBenchmark b = new DcapVerifyBenchmark();
        b.provider = args.length > 0 ? args[0] : "corretto";
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        b.setUp();
        String[] names = {"verifyQuote", "bareTwoP256Verifies", "bareTwoP256VerifiesKeyFromQuote"};
        Op[] work = {b::verifyQuote, b::bareTwoP256Verifies, b::bareTwoP256VerifiesKeyFromQuote};
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double[] sum = new double[work.length];
        int measured = 0;
        for (int round = 0; round < rounds; round++) {
            boolean counted = round >= rounds / 3;
            measured += counted ? 1 : 0;
            for (int m = 0; m < work.length; m++) {
                long start = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < ops; i++) {
                    if (!work[m].run()) {
                        throw new IllegalStateException(names[m] + " did not verify");
                    }
                }
                double micros = (cpu.getCurrentThreadCpuTime() - start) / 1e3 / ops;
                sum[m] += counted ? micros : 0;
            }
        }
        System.out.printf("provider %s, %d rounds of %d ops measured, load average %.1f%n", b.provider, measured, ops,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int m = 0; m < work.length; m++) {
            // The goal's ratio: verifyQuote's throughput over this one's, i.e. this CPU time over verifyQuote's.
            System.out.printf("%-32s %8.1f us CPU/op   goal ratio %.2f%n", names[m], sum[m] / measured, sum[m] / sum[0]);
        }
        System.out.printf("%-32s %8.1f us CPU/op (verifyQuote - bareTwoP256VerifiesKeyFromQuote)%n", "non-signature part",
                (sum[0] - sum[2]) / measured);
    }
}
