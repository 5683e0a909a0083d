package dev.trustplane.ledger;

import dev.trustplane.store.Store;
import dev.trustplane.store.StoreUrl;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * Test helper run as a separate JVM by {@link KillNineTest}: opens the ledger on the given store and appends
 * from several threads forever, printing {@code <index> <content>} for every acknowledged append.
 *
 * <p>Arguments: store URL, data directory, base64 PKCS#8 log key, number of threads.
 */
public final class AppendLoop {
    private AppendLoop() {}

    public static void main(String[] args) {
        Store store = Store.open(StoreUrl.parse(args[0]), Path.of(args[1]));
        NoteSigner signer = NoteSigner.fromPkcs8(LedgerContractTest.ORIGIN, Base64.getDecoder().decode(args[2]));
        Ledger ledger = Ledger.open(store, LedgerConfig.defaults(LedgerContractTest.ORIGIN)
                .withBatching(64, Duration.ofMillis(2)), signer);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        int threads = Integer.parseInt(args[3]);
        String run = Long.toString(System.nanoTime(), 36);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread.ofPlatform().start(() -> {
                for (long seq = 0; ; seq++) {
                    String content = run + "-" + thread + "-" + seq;
                    long index = ledger.append(NewEntry.of("text/plain", content.getBytes(StandardCharsets.UTF_8)));
                    synchronized (out) {
                        out.println("ACK " + index + " " + content);
                        out.flush();
                    }
                }
            });
        }
    }
}
