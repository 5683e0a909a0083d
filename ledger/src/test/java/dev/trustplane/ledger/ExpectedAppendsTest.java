package dev.trustplane.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches wait for appends that requests announced with {@link Ledger#expectingAppend}, and only for those. The batch
 * delay here is the largest allowed, 1 s, so that "waited" and "did not wait" are far apart on a loaded machine.
 */
class ExpectedAppendsTest {
    static final Duration DELAY = Duration.ofSeconds(1);
    @TempDir
    Path dir;
    Store store;
    Ledger ledger;
    /** Own threads: the common pool may have a single thread on a 2-core machine, and the callers here block. */
    final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void open() {
        store = TestStores.sqlite(dir);
        ledger = Ledger.open(store, LedgerConfig.defaults("expect.test/log").withBatching(1000, DELAY),
                NoteSigner.generate("expect.test/log"));
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        ledger.close();
        store.close();
    }

    @Test
    void a_lone_append_does_not_wait_for_the_batch_delay() {
        long start = System.nanoTime();
        ledger.append(entry("alone"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DELAY.dividedBy(2));
    }

    @Test
    void a_batch_waits_for_an_expected_request_and_commits_both_entries_together() throws Exception {
        var expectedStarted = new CountDownLatch(1);
        var mayAppend = new CountDownLatch(1);
        var expected = CompletableFuture.runAsync(() -> ledger.expectingAppend(() -> {
            expectedStarted.countDown();
            await(mayAppend);
            ledger.append(entry("expected"));
        }), threads);
        assertThat(expectedStarted.await(10, TimeUnit.SECONDS)).isTrue();
        var other = CompletableFuture.supplyAsync(() -> ledger.append(entry("other")), threads);
        Thread.sleep(200);
        assertThat(other).isNotDone(); // its batch holds for the expected request
        long appended = System.nanoTime();
        mayAppend.countDown();
        expected.get(10, TimeUnit.SECONDS);
        assertThat(other.get(10, TimeUnit.SECONDS)).isZero();
        // The batch closed when the expected entry arrived, not when its delay ran out.
        assertThat(Duration.ofNanos(System.nanoTime() - appended)).isLessThan(DELAY.dividedBy(2));
        // One batch, so one checkpoint for both entries and none for the first alone.
        assertThat(ledger.checkpoint().text().split("\n")[1]).isEqualTo("2");
        assertThat(ledger.checkpoint(1)).isEmpty();
    }

    @Test
    void a_request_that_ends_without_appending_releases_the_batch_at_once() throws Exception {
        var expectedStarted = new CountDownLatch(1);
        var mayEnd = new CountDownLatch(1);
        var expected = CompletableFuture.runAsync(() -> ledger.expectingAppend(() -> {
            expectedStarted.countDown();
            await(mayEnd); // e.g. a request refused before it records anything
        }), threads);
        assertThat(expectedStarted.await(10, TimeUnit.SECONDS)).isTrue();
        var other = CompletableFuture.supplyAsync(() -> ledger.append(entry("other")), threads);
        Thread.sleep(100);
        long released = System.nanoTime();
        mayEnd.countDown();
        expected.get(10, TimeUnit.SECONDS);
        assertThat(other.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - released)).isLessThan(DELAY.dividedBy(2));
    }

    private static NewEntry entry(String text) {
        return new NewEntry("text/plain", text.getBytes(StandardCharsets.UTF_8), null);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
