package dev.trustplane.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory right edge against the naive reference tree: roots, completed subtrees, reload from storage. */
class RightEdgeTest {
    @Test
    void appending_in_any_batch_split_gives_the_reference_root_and_every_complete_subtree() {
        List<byte[]> entries = InMemoryHashes.entries(300);
        InMemoryHashes all = new InMemoryHashes(entries);
        for (int batch : new int[] {1, 3, 32, 64, 299}) {
            RightEdge edge = RightEdge.empty();
            Map<NodeId, byte[]> completed = new LinkedHashMap<>();
            for (int n = 0; n < entries.size(); n += batch) {
                List<byte[]> leaves = entries.subList(n, Math.min(entries.size(), n + batch)).stream().map(Hashes::leaf).toList();
                edge = edge.append(leaves, completed);
                assertThat(edge.root()).isEqualTo(ReferenceTree.mth(entries.subList(0, (int) edge.size())));
                assertThat(RightEdge.load(edge.size(), all).root()).isEqualTo(edge.root());
            }
            completed.forEach((id, hash) -> assertThat(hash).as(id.toString()).isEqualTo(all.node(id.level(), id.index())));
            assertThat(completed).hasSize(300 + 150 + 75 + 37 + 18 + 9 + 4 + 2 + 1);
        }
        assertThat(RightEdge.empty().root()).isEqualTo(Hashes.emptyRoot());
    }
}
