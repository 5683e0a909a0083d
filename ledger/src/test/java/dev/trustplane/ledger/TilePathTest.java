package dev.trustplane.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.ledger.internal.Tiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TilePathTest {

    @Test
    void index_is_encoded_in_x_prefixed_three_digit_groups() {
        assertThat(TilePath.encodeIndex(1234067)).isEqualTo("x001/x234/067");
        assertThat(TilePath.encodeIndex(0)).isEqualTo("000");
        assertThat(TilePath.encodeIndex(999)).isEqualTo("999");
        assertThat(TilePath.encodeIndex(1000)).isEqualTo("x001/000");
        assertThat(TilePath.encodeIndex(Long.MAX_VALUE)).isEqualTo("x009/x223/x372/x036/x854/x775/807");
    }

    @Test
    void valid_paths_parse_and_print_back() {
        assertThat(TilePath.parse("0/x001/x234/067")).isEqualTo(new TilePath(0, 1234067, 256));
        assertThat(TilePath.parse("1/000.p/17")).isEqualTo(new TilePath(1, 0, 17));
        assertThat(TilePath.parse("entries/x001/234.p/255")).isEqualTo(new TilePath(-1, 1234, 255));
        assertThat(TilePath.parse("63/x009/x223/x372/x036/x854/x775/807").index()).isEqualTo(Long.MAX_VALUE);
        for (String p : new String[] {"0/000", "5/x001/x234/067.p/1", "entries/123", "entries/x001/000.p/9"}) {
            assertThat(TilePath.parse(p).path()).isEqualTo(p);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0/", "/000", "00/000", "64/000", "-1/000", "+1/000", "0/00", "0/0000", "0/x000/001",
        "0/001/002", "0/x01/002", "0/X001/002", "0/000.p/0", "0/000.p/256", "0/000.p/01", "0/000.p/", "0/000.p",
        "0/000.q/5", "0/000/.p/5", "0/ 000", "0/00a", "entries", "entries/", "entry/000", "0/x009/x223/x372/x036/x854/x775/808",
        "0/x999/x999/x999/x999/x999/x999/999", "0/x001/x001/x001/x001/x001/x001/x001/001", "0/000.p/5/6", "1.p/5",
        "0/../000", "0/０００", "0/000\n", "0/000%2F"})
    void malformed_paths_are_refused_with_a_message(String path) {
        assertThatThrownBy(() -> TilePath.parse(path)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tile");
    }

    @Test
    void tile_math_follows_the_spec_example() {
        // A tree of 70,000 entries: 273 full level-0 tiles and one of width 112, one full level-1 tile and one of
        // width 17, one level-2 tile of width 1.
        long size = 70_000;
        assertThat(Tiles.widthOf(0, 272, size)).isEqualTo(256);
        assertThat(Tiles.widthOf(0, 273, size)).isEqualTo(112);
        assertThat(Tiles.widthOf(0, 274, size)).isZero();
        assertThat(Tiles.widthOf(1, 0, size)).isEqualTo(256);
        assertThat(Tiles.widthOf(1, 1, size)).isEqualTo(17);
        assertThat(Tiles.widthOf(2, 0, size)).isEqualTo(1);
        assertThat(Tiles.widthOf(3, 0, size)).isZero();
        assertThat(Tiles.exists(0, 273, 112, size)).isTrue();
        assertThat(Tiles.exists(0, 273, 113, size)).isFalse();
        assertThat(Tiles.exists(1, 0, 256, 256)).isFalse();
        assertThat(Tiles.widthOf(1, 0, 256)).isEqualTo(1);
        assertThat(Tiles.exists(63, Long.MAX_VALUE / 256, 256, Long.MAX_VALUE)).isFalse();
    }
}
