package dev.trustplane.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trustplane demo}: the whole trust flow in one command, with no setup — see {@link Demo}. Exit 0 only when
 * every step behaved as described (the genuine workload got the key, the two others were denied for the expected
 * reasons, and every decision's receipt verified offline).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the confidential PostgreSQL flow end to end: server, key with a release policy, encrypted table, "
                + "a genuine and two refused simulated VMs, ledger receipts.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--pg", paramLabel = "URL",
            description = "Use this PostgreSQL (jdbc:postgresql://… or postgresql://user:pw@host:port/db) instead of an embedded one.")
    String pg;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "240", description = "Rows in the sample table (default 240).")
    int rows;

    @Option(names = "--json", description = "Print the steps as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (rows < 8 || rows > 100_000) {
            throw new UsageException("--rows must be between 8 and 100000");
        }
        Demo.Report report = new Demo(pg, rows, json ? s -> {} : System.out::println).run();
        if (json) {
            System.out.println(dev.trustplane.server.http.Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(report.toJson()));
        }
        return report.ok() ? Main.OK : Main.NO;
    }
}
