package dev.trustplane.cli;

import dev.trustplane.ledger.Checkpoint;
import dev.trustplane.ledger.MerkleTrees;
import dev.trustplane.ledger.NoteVerifier;
import dev.trustplane.ledger.SignedNote;
import dev.trustplane.ledger.TilePath;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;

/**
 * {@code trustplane ledger audit}: downloads a whole log through the public C2SP tlog-tiles API and checks it
 * against the latest signed checkpoint, trusting nothing the server says except what the signature covers.
 *
 * <p><b>Why.</b> A receipt proves one entry; an audit proves that the complete log behind a checkpoint exists,
 * is served, and hashes to the signed root, so a monitor can keep a copy and detect any later rewrite.
 *
 * <p><b>How, streaming in O(log n) memory.</b> For each entry tile N (256 entries, the last one partial) it
 * fetches the entry bundle and the level-0 hash tile, checks that the bundle holds exactly the expected number
 * of well-formed entries and that their leaf hashes equal the tile, and folds each leaf into a compact range
 * (one hash per set bit of the size) from which the RFC 6962 root follows. A full tile's 256 hashes reduce to
 * one hash of tree level 8, which is queued for the level-1 tile; whenever 256 are queued that tile is fetched
 * and compared, and so on up. At the end the partial right-edge tiles of every level are compared and the
 * root recomputed from the entries is compared with the checkpoint. The first mismatch is reported, exit 1.
 * Tile and bundle requests run a few ahead of the checks (HTTP/2 or parallel connections).
 */
final class LedgerAudit {
    private static final int AHEAD = 16;

    private final HttpClient http;
    private final URI base;
    private final NoteVerifier pinned;
    private final int progressEvery;
    private final PrintStream out;
    private final PrintStream err;
    private final List<List<byte[]>> pending = new ArrayList<>(); // per tile level >= 1: hashes not yet checked
    private final List<Long> nextTile = new ArrayList<>();         // per tile level: index of the next full tile
    private final Deque<byte[]> compact = new ArrayDeque<>();      // right-edge subtree hashes, newest last
    private final Deque<Integer> heights = new ArrayDeque<>();
    private long tilesFetched;

    /** Raised for the first thing that does not match; the message names it. */
    private static final class Mismatch extends Exception {
        final String what;

        Mismatch(String what, String message) {
            super(message);
            this.what = what;
        }
    }

    LedgerAudit(String url, Path ca, NoteVerifier pinned, int progressEvery, PrintStream out, PrintStream err)
            throws UsageException {
        URI parsed;
        try {
            parsed = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new UsageException("URL '" + url + "' is not a URL");
        }
        if (!"https".equals(parsed.getScheme()) || parsed.getHost() == null) {
            throw new UsageException("URL must be an https:// URL of the server");
        }
        this.base = parsed;
        this.pinned = pinned;
        this.progressEvery = progressEvery;
        this.out = out;
        this.err = err;
        SSLContext tls;
        try {
            tls = ca != null ? ApiClient.trusting(ca) : SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new UsageException("no TLS available: " + e.getMessage());
        }
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    int run() throws UsageException {
        try {
            Checkpoint cp = signedCheckpoint();
            audit(cp.size());
            byte[] root = root();
            if (!MessageDigest.isEqual(root, cp.rootHash())) {
                throw new Mismatch("root", "the root recomputed from " + cp.size() + " entries differs from the checkpoint's");
            }
            out.println("OK: " + cp.size() + " entries in " + tilesFetched + " tiles and bundles hash to the root "
                    + Base64.getEncoder().encodeToString(root) + " of the checkpoint signed by " + cp.origin());
            return Main.OK;
        } catch (Mismatch m) {
            out.println("FAILED (" + m.what + "): " + m.getMessage());
            return Main.NO;
        }
    }

    private Checkpoint signedCheckpoint() throws UsageException, Mismatch {
        NoteVerifier key = pinned;
        if (key == null) {
            String served = new String(get("/ledger/key", "the verifier key"), StandardCharsets.UTF_8).strip();
            try {
                key = NoteVerifier.parse(served);
            } catch (IllegalArgumentException e) {
                throw new Mismatch("key", "the server's /ledger/key is not a verifier key: " + e.getMessage());
            }
            err.println("warning: no --key given; trusting the key the server publishes: " + key.encode());
        }
        byte[] note = get("/ledger/checkpoint", "the checkpoint");
        SignedNote signed;
        Checkpoint cp;
        try {
            signed = SignedNote.parse(note);
            cp = Checkpoint.parse(signed.text());
        } catch (IllegalArgumentException e) {
            throw new Mismatch("checkpoint", "the served checkpoint is malformed: " + e.getMessage());
        }
        if (!cp.origin().equals(key.name())) {
            throw new Mismatch("key", "the checkpoint's origin '" + cp.origin() + "' is not the key's name '" + key.name() + "'");
        }
        var bad = key.verify(signed);
        if (bad.isPresent()) {
            throw new Mismatch("signature", bad.get());
        }
        err.println("checkpoint: " + cp.size() + " entries, signature verified; downloading tiles");
        return cp;
    }

    private void audit(long size) throws UsageException, Mismatch {
        long tiles = (size + TilePath.FULL - 1) / TilePath.FULL;
        Deque<CompletableFuture<byte[][]>> inFlight = new ArrayDeque<>();
        long requested = 0;
        for (long n = 0; n < tiles; n++) {
            while (requested < tiles && requested < n + AHEAD) {
                inFlight.add(fetchEntryTile(requested, width(requested, size)));
                requested++;
            }
            byte[][] bundleAndTile = join(inFlight.removeFirst());
            checkEntryTile(n, width(n, size), bundleAndTile[0], bundleAndTile[1]);
            if (progressEvery > 0 && (n + 1) % progressEvery == 0 && n + 1 < tiles) {
                err.println("audited " + Math.min(size, (n + 1) * TilePath.FULL) + " of " + size + " entries");
            }
        }
        for (int level = 1; level < pending.size(); level++) {
            List<byte[]> rest = pending.get(level);
            if (!rest.isEmpty()) {
                compareTile(new TilePath(level, nextTile.get(level), rest.size()), rest);
            }
        }
    }

    private static int width(long tile, long size) {
        return (int) Math.min(TilePath.FULL, size - tile * TilePath.FULL);
    }

    private void checkEntryTile(long n, int width, byte[] bundle, byte[] tile) throws UsageException, Mismatch {
        TilePath bundlePath = new TilePath(-1, n, width);
        List<byte[]> leaves = new ArrayList<>(width);
        int pos = 0;
        while (pos < bundle.length) {
            if (pos + 2 > bundle.length) {
                throw new Mismatch("entries", "entry bundle " + bundlePath.path() + " ends inside a length prefix");
            }
            int length = ((bundle[pos] & 0xff) << 8) | (bundle[pos + 1] & 0xff);
            if (pos + 2 + length > bundle.length) {
                throw new Mismatch("entries", "entry bundle " + bundlePath.path() + " ends inside entry " + leaves.size());
            }
            leaves.add(MerkleTrees.leafHash(Arrays.copyOfRange(bundle, pos + 2, pos + 2 + length)));
            pos += 2 + length;
        }
        if (leaves.size() != width) {
            throw new Mismatch("entries", "entry bundle " + bundlePath.path() + " holds " + leaves.size() + " entries, not "
                    + width);
        }
        TilePath hashPath = new TilePath(0, n, width);
        for (int i = 0; i < width; i++) {
            if (tile.length != width * 32 || !MessageDigest.isEqual(leaves.get(i), Arrays.copyOfRange(tile, i * 32, i * 32 + 32))) {
                throw new Mismatch("leaf", "entry " + (n * TilePath.FULL + i) + " in bundle " + bundlePath.path()
                        + " does not hash to hash " + i + " of tile " + hashPath.path());
            }
            push(leaves.get(i));
        }
        if (width == TilePath.FULL) {
            queue(1, reduce(leaves));
        }
    }

    /** Adds a checked hash of tile level {@code level}, checking that level's tile once it is full. */
    private void queue(int level, byte[] hash) throws UsageException, Mismatch {
        while (pending.size() <= level) {
            pending.add(new ArrayList<>());
            nextTile.add(0L);
        }
        List<byte[]> hashes = pending.get(level);
        hashes.add(hash);
        if (hashes.size() == TilePath.FULL) {
            long index = nextTile.get(level);
            compareTile(new TilePath(level, index, TilePath.FULL), hashes);
            nextTile.set(level, index + 1);
            byte[] up = reduce(hashes);
            hashes.clear();
            queue(level + 1, up);
        }
    }

    private void compareTile(TilePath path, List<byte[]> expected) throws UsageException, Mismatch {
        byte[] tile = join(fetch(path));
        if (tile.length != expected.size() * 32) {
            throw new Mismatch("tile", "tile " + path.path() + " has " + tile.length + " bytes, not " + expected.size() * 32);
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!MessageDigest.isEqual(expected.get(i), Arrays.copyOfRange(tile, i * 32, i * 32 + 32))) {
                throw new Mismatch("tile", "hash " + i + " of tile " + path.path()
                        + " differs from the hash recomputed from the entries");
            }
        }
    }

    /** The root of a complete subtree whose bottom row is {@code row} (a power of two long). */
    private static byte[] reduce(List<byte[]> row) {
        List<byte[]> level = row;
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>(level.size() / 2);
            for (int i = 0; i < level.size(); i += 2) {
                up.add(MerkleTrees.nodeHash(level.get(i), level.get(i + 1)));
            }
            level = up;
        }
        return level.getFirst();
    }

    /** Appends a leaf hash to the compact range, merging equal-height subtrees. */
    private void push(byte[] leafHash) {
        byte[] hash = leafHash;
        int height = 0;
        while (!heights.isEmpty() && heights.peekLast() == height) {
            heights.removeLast();
            hash = MerkleTrees.nodeHash(compact.removeLast(), hash);
            height++;
        }
        compact.addLast(hash);
        heights.addLast(height);
    }

    /** RFC 6962 root: the compact range's subtrees folded right to left. */
    private byte[] root() {
        if (compact.isEmpty()) {
            return MerkleTrees.empty();
        }
        var it = compact.descendingIterator();
        byte[] acc = it.next();
        while (it.hasNext()) {
            acc = MerkleTrees.nodeHash(it.next(), acc);
        }
        return acc;
    }

    private CompletableFuture<byte[][]> fetchEntryTile(long n, int width) {
        var bundle = fetch(new TilePath(-1, n, width));
        var tile = fetch(new TilePath(0, n, width));
        return bundle.thenCombine(tile, (b, t) -> new byte[][] {b, t});
    }

    private CompletableFuture<byte[]> fetch(TilePath path) {
        tilesFetched++;
        String what = (path.isEntryBundle() ? "entry bundle " : "tile ") + path.path();
        return http.sendAsync(request("/ledger/tile/" + path.path()), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> {
                    if (r.statusCode() != 200) {
                        throw new CompletionException(new Mismatch("tile", "the server answered " + r.statusCode()
                                + " for " + what + ", which the signed checkpoint covers"));
                    }
                    return r.body();
                });
    }

    private byte[] get(String path, String what) throws UsageException, Mismatch {
        HttpResponse<byte[]> r = join(http.sendAsync(request(path), HttpResponse.BodyHandlers.ofByteArray()));
        if (r.statusCode() != 200) {
            throw new UsageException("the server answered " + r.statusCode() + " for " + what + " (" + path + ")");
        }
        return r.body();
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET().build();
    }

    private <T> T join(CompletableFuture<T> future) throws UsageException, Mismatch {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Mismatch m) {
                throw m;
            }
            if (e.getCause() instanceof IOException io) {
                throw new UsageException("cannot reach " + base + ": " + io.getMessage());
            }
            throw e;
        }
    }
}
