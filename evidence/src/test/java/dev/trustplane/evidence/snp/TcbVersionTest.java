package dev.trustplane.evidence.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** TCB layouts with values from EVIDENCE-FORMATS.md §1.4 and the manifest. */
class TcbVersionTest {
    @Test
    void milan_genoa_layout() {
        assertThat(new TcbVersion(0xdb18000000000004L).decode(TcbLayout.ZEN3_ZEN4))
                .isEqualTo(new TcbVersion.Components(TcbLayout.ZEN3_ZEN4, -1, 4, 0, 24, 219));
        assertThat(TcbVersion.of(TcbLayout.ZEN3_ZEN4, 0, 10, 0, 23, 84).raw()).isEqualTo(0x541700000000000aL);
    }

    @Test
    void turin_layout_puts_fmc_first() {
        assertThat(new TcbVersion(0x4700000002000100L).decode(TcbLayout.ZEN5))
                .isEqualTo(new TcbVersion.Components(TcbLayout.ZEN5, 0, 1, 0, 2, 71));
        assertThat(TcbVersion.of(TcbLayout.ZEN5, 1, 1, 1, 4, 81).raw()).isEqualTo(0x5100000004010101L);
        assertThat(new TcbVersion(0x5100000004010101L).hex()).isEqualTo("5100000004010101");
    }

    @Test
    void products_map_to_layouts_and_cpuid() {
        assertThat(SnpProduct.fromCpuid(0x19, 0x01)).contains(SnpProduct.MILAN);
        assertThat(SnpProduct.fromCpuid(0x19, 0x11)).contains(SnpProduct.GENOA);
        assertThat(SnpProduct.fromCpuid(0x19, 0xA0)).contains(SnpProduct.GENOA);
        assertThat(SnpProduct.fromCpuid(0x1A, 0x02)).contains(SnpProduct.TURIN);
        assertThat(SnpProduct.fromCpuid(0x17, 0x31)).isEmpty();
        assertThat(SnpProduct.fromProductName("Milan-B0")).contains(SnpProduct.MILAN);
        assertThat(SnpProduct.fromProductName("Turin")).contains(SnpProduct.TURIN);
        assertThat(SnpProduct.fromProductName("Bergamo")).isEmpty();
        assertThat(SnpProduct.TURIN.tcbLayout()).isEqualTo(TcbLayout.ZEN5);
        assertThat(SnpProduct.GENOA.hwIdLength()).isEqualTo(64);
    }

    @Test
    void out_of_range_components_are_refused() {
        assertThatThrownBy(() -> TcbVersion.of(TcbLayout.ZEN5, 0, 256, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TcbVersion.of(TcbLayout.ZEN3_ZEN4, 1, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
