package dev.trustplane.ledger.internal;

import java.util.ArrayList;
import java.util.List;

/** All complete subtree hashes of a list of entries, as the store would hold them. */
final class InMemoryHashes implements HashSource {
    private final List<List<byte[]>> levels = new ArrayList<>();

    InMemoryHashes(List<byte[]> entries) {
        List<byte[]> level = new ArrayList<>();
        entries.forEach(e -> level.add(Hashes.leaf(e)));
        levels.add(level);
        while (levels.getLast().size() > 1) {
            List<byte[]> below = levels.getLast();
            List<byte[]> up = new ArrayList<>();
            for (int i = 0; i + 1 < below.size(); i += 2) {
                up.add(Hashes.node(below.get(i), below.get(i + 1)));
            }
            levels.add(up);
        }
    }

    @Override
    public byte[] node(int level, long index) {
        return levels.get(level).get((int) index);
    }

    static List<byte[]> entries(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(("entry " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }
}
