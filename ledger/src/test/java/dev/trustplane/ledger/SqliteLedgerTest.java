package dev.trustplane.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.ledger.internal.Hashes;
import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLedgerTest extends LedgerContractTest {
    @TempDir
    Path dir;

    @Override
    Store newStore() {
        return TestStores.sqlite(dir);
    }

    @Test
    void a_tampered_tile_is_detected_when_the_ledger_opens() {
        appendSequentially(300);
        ledger.close();
        store.useTransaction(h -> h.execute("UPDATE ledger_tiles SET hashes = ? WHERE lvl = 1 AND idx = 0", (Object) new byte[32]));
        assertThatThrownBy(() -> Ledger.open(store, LedgerConfig.defaults(ORIGIN), signer))
                .isInstanceOf(LedgerException.class).hasMessageContaining("root");
        store.close(); // a fresh store and ledger for @AfterEach to close: none may stay open while @TempDir is deleted
        store = TestStores.sqlite(dir);
        ledger = Ledger.open(store, LedgerConfig.defaults(ORIGIN), signer);
    }

    /** At 65,536 entries the first level-2 hash appears: tiles of three levels, and proofs that fold all of them. */
    @Test
    void tiles_of_three_levels_serve_the_reference_hashes_and_proofs() throws Exception {
        ledger.close();
        ledger = Ledger.open(store, LedgerConfig.defaults(ORIGIN).withBatching(5_000, Duration.ofMillis(5)), signer);
        int n = 65_536 + 300;
        var next = new AtomicInteger();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 1_000; t++) {
                threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        ledger.append(entry(i));
                    }
                });
            }
        }
        List<byte[]> leaves = allLeaves(ledger, n);
        List<byte[]> level1 = new ArrayList<>();
        for (int i = 0; i + 256 <= n; i += 256) {
            level1.add(rootOf(leaves.subList(i, i + 256)));
        }
        assertThat(ledger.tile(TilePath.parse("1/000"))).isEqualTo(concat(level1.subList(0, 256)));
        assertThat(ledger.tile(TilePath.parse("1/001.p/1"))).isEqualTo(level1.get(256));
        assertThat(ledger.tile(TilePath.parse("2/000.p/1"))).isEqualTo(rootOf(leaves.subList(0, 65_536)));
        assertTreeVerifies(ledger, signer.verifier());
        byte[] root = ledger.rootHash(n);
        for (int i : new int[] {0, 255, 256, 40_000, 65_535, 65_536, n - 1}) {
            assertThat(MerkleTrees.verifyInclusion(i, n, Hashes.leaf(leaves.get(i)), ledger.inclusionProof(i, n), root)).isTrue();
        }
        for (int m : new int[] {1, 256, 65_535, 65_536, 65_537}) {
            assertThat(MerkleTrees.verifyConsistency(m, rootOf(leaves.subList(0, m)), n, root, ledger.consistencyProof(m, n))).isTrue();
        }
    }
}
