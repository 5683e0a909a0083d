package dev.trustplane.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives an HTTPS endpoint with {@code h2load} (nghttp2's load generator; Debian package {@code nghttp2-client})
 * in its own process: HTTP/1.1 over TLS, {@code concurrency} keep-alive connections, each sending its next request
 * as soon as the answer arrives, from one client thread.
 *
 * <p>Why not the JDK's HttpClient in the benchmark's JVM: it shares the JVM and the cores with the server and
 * costs several times the server's own CPU per request, so earlier runs measured the client (see
 * docs/performance.md). h2load is written in C and needs a fraction of a core for thousands of requests per
 * second; what it still takes is what any client on the same machine would.
 */
public final class H2Load {
    private static final Pattern RATE = Pattern.compile("finished in [0-9.]+m?s, ([0-9.]+) req/s");

    private H2Load() {}

    /** One request, sent over and over: POST when {@code body} is not null, else GET. */
    public record Request(String url, Map<String, String> headers, byte[] body) {
        public static Request get(String url, Map<String, String> headers) {
            return new Request(url, headers, null);
        }

        public static Request post(String url, Map<String, String> headers, String json) {
            return new Request(url, headers, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Fails with how to install h2load when it is not on the PATH. */
    public static void requireInstalled() {
        try {
            Process p = new ProcessBuilder("h2load", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) {
                return;
            }
        } catch (IOException e) {
            // fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("h2load is needed for the HTTPS measurements: apt-get install nghttp2-client");
    }

    /**
     * Sends {@code request} from {@code concurrency} connections for {@code seconds} after one second of warm-up.
     * Fails if any answer is not 2xx: a benchmark of error responses measures nothing.
     */
    public static ClosedLoop.Result run(Request request, int concurrency, int seconds) throws IOException, InterruptedException {
        return runTogether(List.of(request), concurrency, seconds);
    }

    /**
     * Runs one h2load per request at the same time, {@code concurrency} connections split evenly among them, and
     * gives the summed rate and the percentiles of all their latencies together. This is how to load several
     * servers (replicas) at once: h2load sends every request to the host and port of its first URI only.
     */
    public static ClosedLoop.Result runTogether(List<Request> requests, int concurrency, int seconds)
            throws IOException, InterruptedException {
        if (concurrency < requests.size()) {
            throw new IllegalArgumentException("need at least one connection per request, got " + concurrency);
        }
        Path dir = Files.createTempDirectory("h2load");
        try {
            List<Process> processes = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                int share = concurrency / requests.size() + (i < concurrency % requests.size() ? 1 : 0);
                processes.add(start(requests.get(i), share, seconds, dir.resolve(String.valueOf(i))));
            }
            double perSecond = 0;
            List<String> lines = new ArrayList<>();
            StringBuilder outputs = new StringBuilder();
            for (int i = 0; i < processes.size(); i++) {
                Path files = dir.resolve(String.valueOf(i));
                int exit = processes.get(i).waitFor();
                String output = Files.readString(files.resolve("output"));
                outputs.append(output);
                if (exit != 0) {
                    throw new IllegalStateException("h2load failed:\n" + output);
                }
                Matcher rate = RATE.matcher(output);
                if (!rate.find()) {
                    throw new IllegalStateException("no rate in h2load's output:\n" + output);
                }
                perSecond += Double.parseDouble(rate.group(1));
                lines.addAll(Files.readAllLines(files.resolve("requests.tsv")));
            }
            return result(lines, perSecond, outputs.toString());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * Sends exactly {@code requests} requests (no warm-up) and returns the CPU time this JVM used meanwhile, per
     * request, in milliseconds: with h2load in its own process and nothing else running here, that is the server's
     * own cost per request, which unlike the rate hardly depends on what else the machine is doing.
     */
    public static double serverCpuMillisPerRequest(Request request, int concurrency, int requests)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("h2load");
        try {
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long before = os.getProcessCpuTime();
            Process p = new ProcessBuilder(command(request, concurrency, List.of("-n", String.valueOf(requests)), dir))
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            long used = os.getProcessCpuTime() - before;
            if (p.waitFor() != 0 || !output.contains(requests + " succeeded")) {
                throw new IllegalStateException("h2load did not get " + requests + " successful answers:\n" + output);
            }
            return used / 1e6 / requests;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Starts one h2load writing its output and request log into {@code files} (a new directory). */
    private static Process start(Request request, int concurrency, int seconds, Path files) throws IOException {
        Files.createDirectories(files);
        List<String> command = command(request, concurrency, List.of("-D", String.valueOf(seconds), "--warm-up-time", "1",
                "--log-file", files.resolve("requests.tsv").toString()), files);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(files.resolve("output").toFile()).start();
    }

    /** h2load over HTTP/1.1 with one thread, {@code run}'s options, the request's headers and body (written into dir). */
    private static List<String> command(Request request, int concurrency, List<String> run, Path dir) throws IOException {
        List<String> command = new ArrayList<>(List.of("h2load", "--h1", "-t", "1", "-c", String.valueOf(concurrency)));
        command.addAll(run);
        request.headers().forEach((name, value) -> command.addAll(List.of("-H", name + ": " + value)));
        if (request.body() != null) {
            Path body = dir.resolve("body");
            Files.write(body, request.body());
            command.addAll(List.of("-d", body.toString()));
        }
        command.add(request.url());
        return command;
    }

    /** Lines of h2load's log: start (µs since the epoch), status, latency (µs). */
    private static ClosedLoop.Result result(List<String> lines, double perSecond, String output) {
        long[] nanos = new long[lines.size()];
        int n = 0;
        for (String line : lines) {
            String[] cols = line.split("\t");
            if (cols.length < 3) {
                continue;
            }
            int status = Integer.parseInt(cols[1]);
            if (status < 200 || status > 299) {
                throw new IllegalStateException("the server answered " + status + " during the run:\n" + output);
            }
            nanos[n++] = Long.parseLong(cols[2]) * 1000;
        }
        if (n == 0) {
            throw new IllegalStateException("h2load completed no request:\n" + output);
        }
        long[] sorted = java.util.Arrays.copyOf(nanos, n);
        java.util.Arrays.sort(sorted);
        ClosedLoop.Result latencies = ClosedLoop.Result.of(sorted, 1);
        return new ClosedLoop.Result(perSecond, latencies.p50Millis(), latencies.p99Millis());
    }
}
