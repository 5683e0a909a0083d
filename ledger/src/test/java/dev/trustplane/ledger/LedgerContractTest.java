package dev.trustplane.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.ledger.internal.Ed25519;
import dev.trustplane.ledger.internal.Hashes;
import dev.trustplane.store.Store;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger's behaviour on a real store; run on SQLite and PostgreSQL by the subclasses. */
abstract class LedgerContractTest {
    static final String ORIGIN = "trustplane.test/ledger";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00.123Z"), ZoneOffset.UTC);

    final NoteSigner signer = NoteSigner.generate(ORIGIN);
    Store store;
    Ledger ledger;

    abstract Store newStore();

    @BeforeEach
    void open() {
        store = newStore();
        ledger = Ledger.open(store, LedgerConfig.defaults(ORIGIN).withClock(CLOCK), signer);
    }

    @AfterEach
    void close() {
        ledger.close();
        store.close();
    }

    static NewEntry entry(int i) {
        return new NewEntry("text/plain", ("entry " + i).getBytes(StandardCharsets.UTF_8), i % 3 == 0 ? "c" + (i % 2) : null);
    }

    /** Appends entries 0..n-1 from 16 threads (so batches form) and returns the leaves in index order. */
    List<byte[]> appendConcurrently(int n) throws Exception {
        long start = ledger.size();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < n; i++) {
                int k = i;
                pool.submit(() -> ledger.append(entry(k)));
            }
        }
        List<byte[]> leaves = new ArrayList<>();
        for (long i = start; i < start + n; i++) {
            leaves.add(ledger.entry(i).orElseThrow().leaf());
        }
        return leaves;
    }

    @Test
    void stray_interrupts_of_the_integrator_leave_no_caller_waiting() throws Exception {
        List<Thread> integrators = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("ledger-integrator")).toList();
        assertThat(integrators).isNotEmpty();
        var indexes = java.util.concurrent.ConcurrentHashMap.<Long>newKeySet();
        var refused = new java.util.concurrent.atomic.AtomicInteger();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        // Interrupts whichever of the test's ledgers' workers, over and over, wherever they are.
        Thread interrupter = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                integrators.forEach(Thread::interrupt);
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
        });
        try (var pool = Executors.newFixedThreadPool(16)) {
            var futures = new ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 400; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    try {
                        indexes.add(ledger.append(entry(k)));
                    } catch (LedgerException e) { // a batch the interrupt broke fails; its callers are told
                        refused.incrementAndGet();
                    }
                }));
            }
            for (var f : futures) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS); // a dropped batch would leave its callers here
            }
        } finally {
            stop.set(true);
            interrupter.join();
        }
        assertThat(indexes.size() + refused.get()).isEqualTo(400);
        assertThat(ledger.append(entry(400))).as("the integrator goes on").isEqualTo(ledger.size() - 1);
        assertTreeVerifies(ledger, signer.verifier());
    }

    List<byte[]> appendSequentially(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            assertThat(ledger.append(entry(i))).isEqualTo(i);
        }
        for (int i = 0; i < n; i++) {
            leaves.add(ledger.entry(i).orElseThrow().leaf());
        }
        return leaves;
    }

    @Test
    void an_empty_ledger_serves_a_signed_empty_checkpoint() {
        SignedNote cp = ledger.checkpoint();
        assertThat(ledger.verifier().verify(cp)).isEmpty();
        assertThat(Checkpoint.parse(cp.text()).size()).isZero();
        assertThat(ledger.entry(0)).isEmpty();
    }

    @Test
    void appended_entries_come_back_with_index_timestamp_and_collection() {
        assertThat(ledger.append(new NewEntry("application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "sub"))).isZero();
        assertThat(ledger.append(NewEntry.of("text/plain", new byte[0]))).isEqualTo(1);
        LedgerEntry e = ledger.entry(0).orElseThrow();
        assertThat(e.contentType()).isEqualTo("application/json");
        assertThat(new String(e.content(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(e.collectionId()).isEqualTo("sub");
        assertThat(e.timestamp()).isEqualTo(CLOCK.instant());
        assertThat(ledger.latest("sub").orElseThrow().index()).isZero();
        assertThat(ledger.latest(null).orElseThrow().index()).isEqualTo(1);
        assertThat(ledger.entry(2)).isEmpty();
        assertThat(ledger.entry(-1)).isEmpty();
    }

    @Test
    void concurrent_appends_get_dense_unique_indexes_and_the_tree_verifies() throws Exception {
        int threads = 16;
        int each = 40;
        Set<Long> indexes = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int base = t * each;
                pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        indexes.add(ledger.append(entry(base + i)));
                    }
                    return null;
                });
            }
        }
        assertThat(indexes).hasSize(threads * each).allMatch(i -> i >= 0 && i < threads * each);
        assertTreeVerifies(ledger, signer.verifier());
    }

    @Test
    void appends_fail_cleanly_when_the_store_or_the_ledger_is_closed() {
        assertThatThrownBy(() -> Ledger.open(store, LedgerConfig.defaults("other.test/log"), signer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("origin");
        store.close();
        assertThatThrownBy(() -> ledger.append(entry(0))).isInstanceOf(LedgerException.class)
                .extracting(e -> ((LedgerException) e).code()).isEqualTo(LedgerException.Code.UNAVAILABLE);
        ledger.close();
        assertThatThrownBy(() -> ledger.append(entry(1))).isInstanceOf(LedgerException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void oversized_entries_are_refused_with_the_sizes() {
        var big = NewEntry.of("application/octet-stream", new byte[65_535]);
        assertThatThrownBy(() -> ledger.append(big)).isInstanceOf(LedgerException.class)
                .hasMessageContaining("65570 bytes").hasMessageContaining("limit is 65535")
                .extracting(e -> ((LedgerException) e).code()).isEqualTo(LedgerException.Code.ENTRY_TOO_LARGE);
        assertThat(ledger.append(NewEntry.of("a", new byte[65_535 - 12]))).isZero();
        assertThat(ledger.size()).isEqualTo(1);
    }

    @Test
    void tiles_and_entry_bundles_hold_the_tree_hashes_and_leaves() throws Exception {
        List<byte[]> leaves = appendConcurrently(600);
        assertThat(ledger.tile(TilePath.parse("0/000"))).isEqualTo(concat(leaves.subList(0, 256).stream().map(Hashes::leaf).toList()));
        assertThat(ledger.tile(TilePath.parse("0/002.p/88"))).isEqualTo(concat(leaves.subList(512, 600).stream().map(Hashes::leaf).toList()));
        assertThat(ledger.tile(TilePath.parse("0/002.p/3"))).hasSize(96);
        byte[] level1 = ledger.tile(TilePath.parse("1/000.p/2"));
        assertThat(ByteBuffer.wrap(level1, 32, 32)).isEqualTo(ByteBuffer.wrap(rootOf(leaves.subList(256, 512))));
        byte[] bundle = ledger.tile(TilePath.parse("entries/001"));
        ByteBuffer b = ByteBuffer.wrap(bundle);
        for (int i = 256; i < 512; i++) {
            byte[] leaf = new byte[b.getShort() & 0xffff];
            b.get(leaf);
            assertThat(leaf).isEqualTo(leaves.get(i));
        }
        assertThat(b.hasRemaining()).isFalse();
        for (String missing : List.of("0/002", "0/002.p/89", "1/000", "2/000.p/1", "entries/003.p/1")) {
            assertThatThrownBy(() -> ledger.tile(TilePath.parse(missing))).isInstanceOf(LedgerException.class)
                    .extracting(e -> ((LedgerException) e).code()).isEqualTo(LedgerException.Code.NOT_FOUND);
        }
    }

    @Test
    void proofs_from_the_store_verify_against_signed_checkpoints() throws Exception {
        appendSequentially(37);
        SignedNote first = ledger.checkpoint();
        appendConcurrently(33);
        SignedNote second = ledger.checkpoint();
        Checkpoint a = Checkpoint.parse(first.text());
        Checkpoint b = Checkpoint.parse(second.text());
        assertThat(b.size()).isEqualTo(70);
        assertThat(MerkleTrees.verifyConsistency(a.size(), a.rootHash(), b.size(), b.rootHash(),
                ledger.consistencyProof(a.size(), b.size()))).isTrue();
        for (long i = 0; i < 70; i++) {
            byte[] leafHash = Hashes.leaf(ledger.entry(i).orElseThrow().leaf());
            assertThat(MerkleTrees.verifyInclusion(i, 70, leafHash, ledger.inclusionProof(i, 70), b.rootHash())).isTrue();
        }
        assertThat(ledger.checkpoint(37)).hasValueSatisfying(n -> assertThat(n.text()).isEqualTo(first.text()));
        assertThatThrownBy(() -> ledger.consistencyProof(3, 71)).isInstanceOf(LedgerException.class);
        assertThatThrownBy(() -> ledger.inclusionProof(70, 70)).isInstanceOf(LedgerException.class);
    }

    /** Two servers on one database (each with its own integrator) append into one dense tree. */
    @Test
    void two_ledgers_on_one_store_append_into_one_tree() throws Exception {
        try (Ledger second = Ledger.open(store, LedgerConfig.defaults(ORIGIN).withClock(CLOCK), signer)) {
            Set<Long> indexes = ConcurrentHashMap.newKeySet();
            try (var pool = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 200; i++) {
                    Ledger target = i % 2 == 0 ? ledger : second;
                    int k = i;
                    pool.submit(() -> indexes.add(target.append(entry(k))));
                }
            }
            assertThat(indexes).hasSize(200).allMatch(i -> i >= 0 && i < 200);
            assertThat(second.size()).isEqualTo(200);
            assertTreeVerifies(ledger, signer.verifier());
        }
    }

    /**
     * The newest entry per collection comes from the appending server's memory only while the head is where that
     * server left it: after another replica appends (or for a collection this one never wrote) it comes from the store.
     */
    @Test
    void the_newest_entry_of_a_collection_follows_appends_by_any_replica() {
        assertThat(ledger.latest(null)).isEmpty();
        ledger.append(new NewEntry("text/plain", "a".getBytes(StandardCharsets.UTF_8), "sub"));
        ledger.append(NewEntry.of("text/plain", "b".getBytes(StandardCharsets.UTF_8)));
        assertThat(ledger.latest("sub").orElseThrow().index()).isZero();
        assertThat(ledger.latest(null).orElseThrow().index()).isEqualTo(1);
        assertThat(ledger.latest("other")).isEmpty();
        try (Ledger second = Ledger.open(store, LedgerConfig.defaults(ORIGIN).withClock(CLOCK), signer)) {
            assertThat(second.latest("sub").orElseThrow().index()).as("never written by this replica").isZero();
            assertThat(second.append(NewEntry.of("text/plain", "c".getBytes(StandardCharsets.UTF_8)))).isEqualTo(2);
            assertThat(ledger.latest(null).orElseThrow().content()).as("appended elsewhere")
                    .isEqualTo("c".getBytes(StandardCharsets.UTF_8));
            assertThat(ledger.latest("sub").orElseThrow().index()).isZero();
            assertThat(ledger.append(new NewEntry("text/plain", "d".getBytes(StandardCharsets.UTF_8), "sub"))).isEqualTo(3);
            assertThat(second.latest("sub").orElseThrow().index()).isEqualTo(3);
            assertThat(ledger.latest("sub").orElseThrow().index()).isEqualTo(3);
            assertThat(ledger.latest(null).orElseThrow().index()).as("this replica's memory started over; from the store").isEqualTo(2);
            assertThat(second.latest(null).orElseThrow().index()).isEqualTo(2);
        }
    }

    /**
     * A replica starting while another appends: its integrity check must see one batch boundary, not a head, an
     * entry count and a checkpoint from three different moments (seen on PostgreSQL as "head 2435 disagrees with
     * 2441 stored entries").
     */
    @Test
    void a_ledger_opens_cleanly_while_another_appends() throws Exception {
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int t = 0; t < 4; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        ledger.append(entry(thread * 1_000_000 + i));
                    }
                    return null;
                });
            }
            try {
                for (int i = 0; i < 20; i++) {
                    Ledger.open(store, LedgerConfig.defaults(ORIGIN).withClock(CLOCK), signer).close();
                }
            } finally {
                stop.set(true);
            }
        }
        assertTreeVerifies(ledger, signer.verifier());
    }

    @Test
    void a_server_with_another_log_key_is_refused_on_a_signed_store() {
        ledger.append(entry(0));
        assertThatThrownBy(() -> Ledger.open(store, LedgerConfig.defaults(ORIGIN), NoteSigner.generate(ORIGIN)))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("was not signed by this server's log key")
                .hasMessageContaining("copy of the first server's data dir");
        assertThat(ledger.size()).isEqualTo(1);
    }

    @Test
    void reopening_continues_the_same_tree() throws Exception {
        appendSequentially(10);
        ledger.close();
        ledger = Ledger.open(store, LedgerConfig.defaults(ORIGIN).withBatching(7, Duration.ZERO), signer);
        assertThat(ledger.append(entry(10))).isEqualTo(10);
        appendConcurrently(289);
        assertTreeVerifies(ledger, signer.verifier());
    }

    /**
     * Hashes live in tiles (full level-0 tiles, every higher tile) and the unfinished level-0 tile's entries: every
     * tile, root and proof across tile boundaries must match the reference, also after a reopen reloads the
     * integrator's edges from the store.
     */
    @Test
    void tiles_roots_and_proofs_across_tile_boundaries_match_the_reference() throws Exception {
        List<byte[]> leaves = new ArrayList<>(appendConcurrently(700));
        assertTilesAndProofs(leaves, new int[] {1, 255, 256, 257, 511, 512, 513, 699});
        ledger.close();
        ledger = Ledger.open(store, LedgerConfig.defaults(ORIGIN).withBatching(100, Duration.ZERO), signer);
        leaves.addAll(appendConcurrently(325)); // crosses 768 and 1,024
        assertTilesAndProofs(leaves, new int[] {700, 767, 768, 1023, 1024});
        assertThat(ledger.tile(TilePath.parse("1/000.p/4"))).hasSize(128);
        assertTreeVerifies(ledger, signer.verifier());
    }

    /** Every hash tile of the tree against hashes computed from the leaves; proofs from the given sizes. */
    void assertTilesAndProofs(List<byte[]> leaves, int[] sizes) {
        int n = leaves.size();
        List<byte[]> level0 = leaves.stream().map(Hashes::leaf).toList();
        List<byte[]> level1 = new ArrayList<>();
        for (int i = 0; i + 256 <= n; i += 256) {
            level1.add(rootOf(leaves.subList(i, i + 256)));
        }
        for (int t = 0; t * 256 < n; t++) {
            int width = Math.min(256, n - t * 256);
            assertThat(ledger.tile(new TilePath(0, t, width))).as("tile 0/%d.p/%d", t, width)
                    .isEqualTo(concat(level0.subList(t * 256, t * 256 + width)));
        }
        assertThat(ledger.tile(new TilePath(1, 0, level1.size()))).isEqualTo(concat(level1));
        byte[] root = rootOf(leaves);
        assertThat(ledger.rootHash(n)).isEqualTo(root);
        for (int m : sizes) {
            byte[] old = rootOf(leaves.subList(0, m));
            assertThat(ledger.rootHash(m)).as("root of %d", m).isEqualTo(old);
            assertThat(MerkleTrees.verifyConsistency(m, old, n, root, ledger.consistencyProof(m, n))).as("%d to %d", m, n).isTrue();
            for (int i : new int[] {0, m / 2, m - 1}) {
                assertThat(MerkleTrees.verifyInclusion(i, m, level0.get(i), ledger.inclusionProof(i, m), old))
                        .as("entry %d in %d", i, m).isTrue();
            }
        }
        for (int i = 0; i < n; i++) {
            assertThat(MerkleTrees.verifyInclusion(i, n, level0.get(i), ledger.inclusionProof(i, n), root)).as("entry %d", i).isTrue();
        }
    }

    /** Two integrators on one store (two servers on one PostgreSQL database): each must notice the other's appends. */
    @Test
    void two_ledgers_on_one_store_interleave_appends_and_the_tree_verifies() throws Exception {
        try (Ledger other = Ledger.open(store, LedgerConfig.defaults(ORIGIN).withClock(CLOCK), signer)) {
            for (int i = 0; i < 40; i++) {
                assertThat((i % 3 == 0 ? other : ledger).append(entry(i))).isEqualTo(i);
            }
            try (var pool = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 300; i++) {
                    int k = i;
                    pool.submit(() -> (k % 2 == 0 ? ledger : other).append(entry(k)));
                }
            }
            assertThat(other.size()).isEqualTo(340);
        }
        assertTreeVerifies(ledger, signer.verifier());
        ledger.close();
        ledger = Ledger.open(store, LedgerConfig.defaults(ORIGIN).withClock(CLOCK), signer); // integrity check on open
        assertThat(ledger.append(entry(340))).isEqualTo(340);
        assertTreeVerifies(ledger, signer.verifier());
    }

    @Test
    void witness_cosignatures_are_verified_stored_and_served() {
        var witnessKeys = Ed25519.generate();
        byte[] pub = Ed25519.rawPublicKey(witnessKeys.getPublic());
        NoteVerifier witness = NoteVerifier.cosigner("witness.test/w", pub);
        ledger.close();
        ledger = Ledger.open(store, LedgerConfig.defaults(ORIGIN).withWitnesses(List.of(witness)), signer);
        ledger.append(entry(0));
        SignedNote cp = ledger.checkpoint();
        var stranger = Ed25519.generate();
        SignedNote cosigned = cp.withSignatures(List.of(
                Cosignatures.sign("witness.test/w", witnessKeys.getPrivate(), pub, 1_700_000_000L, cp.text()),
                Cosignatures.sign("other.test/w", stranger.getPrivate(), Ed25519.rawPublicKey(stranger.getPublic()), 1, cp.text())));
        assertThat(ledger.addCosignatures(SignedNote.parse(cosigned.format()))).isEqualTo(1);
        SignedNote served = ledger.checkpoint();
        assertThat(served.signatures()).hasSize(2);
        assertThat(witness.verify(served)).isEmpty();
        assertThat(signer.verifier().verify(served)).isEmpty();
        var bad = cp.withSignatures(List.of(Cosignatures.sign("witness.test/w", witnessKeys.getPrivate(), pub, 5, "other\n")));
        assertThatThrownBy(() -> ledger.addCosignatures(bad)).isInstanceOf(LedgerException.class)
                .extracting(e -> ((LedgerException) e).code()).isEqualTo(LedgerException.Code.INVALID_COSIGNATURE);
    }

    /** Recomputes the root from every leaf (read through the entry bundles) and checks the signed checkpoint. */
    static void assertTreeVerifies(Ledger ledger, NoteVerifier key) {
        SignedNote note = ledger.checkpoint();
        assertThat(key.verify(note)).isEmpty();
        Checkpoint cp = Checkpoint.parse(note.text());
        List<byte[]> leaves = allLeaves(ledger, cp.size());
        assertThat(Base64.getEncoder().encodeToString(rootOf(leaves)))
                .isEqualTo(Base64.getEncoder().encodeToString(cp.rootHash()));
    }

    /** The first {@code size} leaves, read 256 at a time through tlog-tiles entry bundles. */
    static List<byte[]> allLeaves(Ledger ledger, long size) {
        List<byte[]> leaves = new ArrayList<>();
        for (long n = 0; n * 256 < size; n++) {
            int width = (int) Math.min(256, size - n * 256);
            ByteBuffer b = ByteBuffer.wrap(ledger.tile(new TilePath(-1, n, width)));
            while (b.hasRemaining()) {
                byte[] leaf = new byte[b.getShort() & 0xffff];
                b.get(leaf);
                leaves.add(leaf);
            }
        }
        assertThat(leaves).hasSize((int) size);
        return leaves;
    }

    static byte[] rootOf(List<byte[]> leaves) {
        if (leaves.size() == 1) {
            return Hashes.leaf(leaves.getFirst());
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return Hashes.node(rootOf(leaves.subList(0, k)), rootOf(leaves.subList(k, leaves.size())));
    }

    static byte[] concat(List<byte[]> parts) {
        var out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
