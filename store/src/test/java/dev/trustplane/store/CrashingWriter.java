package dev.trustplane.store;

import java.nio.file.Path;

/**
 * Child process for {@link SqliteDurabilityTest}: appends rows one transaction at a time and prints
 * {@code ACK n} only after the commit returned, until it is killed.
 */
public final class CrashingWriter {

    private CrashingWriter() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        Store store = Store.open(new SqliteUrl(file), file.getParent());
        store.migrate("storetest_b");
        for (long seq = 0; ; seq++) {
            long s = seq;
            store.useTransaction(h -> h.execute(
                    "INSERT INTO storetest_events (seq, thread, body) VALUES (?, 'child', ?)", s, "acknowledged " + s));
            System.out.println("ACK " + seq);
            System.out.flush();
        }
    }
}
