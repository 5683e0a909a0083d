package dev.trustplane.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.ledger.NewEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the integrator's memory of newest entries may answer, and when it must send the reader to the store. */
class NewestEntriesTest {
    private final NewestEntries newest = new NewestEntries();

    private static List<byte[]> leaves(String... contents) {
        return Arrays.stream(contents).map(c -> EntryCodec.encode(NewEntry.of("text/plain", c.getBytes(StandardCharsets.UTF_8)), 0))
                .toList();
    }

    private static String content(NewestEntries n, String collection, long size) {
        return n.newest(collection, size).map(e -> new String(e.content(), StandardCharsets.UTF_8)).orElse("(ask the store)");
    }

    @Test
    void answers_only_for_the_size_it_was_left_at() {
        newest.committed(0, leaves("a", "b", "c"), Arrays.asList("x", null, "x"));
        assertThat(content(newest, "x", 3)).isEqualTo("c");
        assertThat(newest.newest("x", 3).orElseThrow().index()).isEqualTo(2);
        assertThat(content(newest, null, 3)).isEqualTo("b");
        assertThat(content(newest, "x", 4)).as("another replica appended").isEqualTo("(ask the store)");
        assertThat(content(newest, "y", 3)).as("never written here").isEqualTo("(ask the store)");
    }

    @Test
    void a_contiguous_batch_keeps_other_collections_and_a_gap_starts_over() {
        newest.committed(0, leaves("a", "b"), Arrays.asList("x", null));
        newest.committed(2, leaves("c"), Arrays.asList("y"));
        assertThat(content(newest, "x", 3)).isEqualTo("a");
        assertThat(content(newest, "y", 3)).isEqualTo("c");
        newest.committed(5, leaves("f"), Arrays.asList("y")); // entries 3 and 4 came from another replica
        assertThat(content(newest, "y", 6)).isEqualTo("f");
        assertThat(content(newest, "x", 6)).isEqualTo("(ask the store)");
        assertThat(content(newest, null, 6)).isEqualTo("(ask the store)");
        newest.clear();
        assertThat(content(newest, "y", 6)).isEqualTo("(ask the store)");
    }

    @Test
    void holds_a_bounded_number_of_collections() {
        long size = 0;
        for (int i = 0; i <= NewestEntries.MAX_COLLECTIONS; i++) {
            newest.committed(size, leaves("e" + i), List.of("c" + i));
            size++;
        }
        assertThat(content(newest, "c" + NewestEntries.MAX_COLLECTIONS, size)).isEqualTo("e" + NewestEntries.MAX_COLLECTIONS);
        assertThat(content(newest, "c0", size)).as("forgotten when the memory started over").isEqualTo("(ask the store)");
        List<String> known = new ArrayList<>();
        for (int i = 0; i <= NewestEntries.MAX_COLLECTIONS; i++) {
            if (newest.newest("c" + i, size).isPresent()) {
                known.add("c" + i);
            }
        }
        assertThat(known.size()).isLessThanOrEqualTo(NewestEntries.MAX_COLLECTIONS);
    }
}
