package dev.trustplane.evidence.snp;

import java.util.Optional;

/**
 * AMD EPYC product lines that issue SEV-SNP reports, with their AMD KDS names and TCB layouts.
 *
 * <p>Detection: report v3+ carries CPUID family/model (family 0x19 model 0x00-0x0F Milan,
 * 0x10-0x1F or 0xA0-0xAF Genoa; family 0x1A model 0x00-0x11 Turin); v2 reports do not, so the
 * product then comes from the VCEK's productName extension ("Milan-B0", "Genoa", "Turin").
 */
public enum SnpProduct {
    /** EPYC 7003 (Zen 3). */
    MILAN("Milan", TcbLayout.ZEN3_ZEN4),
    /** EPYC 9004 / 8004 (Zen 4). */
    GENOA("Genoa", TcbLayout.ZEN3_ZEN4),
    /** EPYC 9005 (Zen 5): Turin TCB layout and 8-byte hardware ID. */
    TURIN("Turin", TcbLayout.ZEN5);

    private final String kdsName;
    private final TcbLayout tcbLayout;

    SnpProduct(String kdsName, TcbLayout tcbLayout) {
        this.kdsName = kdsName;
        this.tcbLayout = tcbLayout;
    }

    /** The name AMD KDS and certificate names use, e.g. {@code "Genoa"}. */
    public String kdsName() {
        return kdsName;
    }

    /** The TCB_VERSION layout of this generation. */
    public TcbLayout tcbLayout() {
        return tcbLayout;
    }

    /** Length of the VCEK hwID / meaningful CHIP_ID prefix: 8 on Turin, 64 before. */
    public int hwIdLength() {
        return this == TURIN ? 8 : 64;
    }

    /** The product for a CPUID family/model, if known. */
    public static Optional<SnpProduct> fromCpuid(int family, int model) {
        if (family == 0x19 && model <= 0x0F) {
            return Optional.of(MILAN);
        }
        if (family == 0x19 && ((model >= 0x10 && model <= 0x1F) || (model >= 0xA0 && model <= 0xAF))) {
            return Optional.of(GENOA);
        }
        if (family == 0x1A && model <= 0x11) {
            return Optional.of(TURIN);
        }
        return Optional.empty();
    }

    /** The product for a VCEK/VLEK productName such as {@code "Milan-B0"} (stepping ignored). */
    public static Optional<SnpProduct> fromProductName(String productName) {
        int dash = productName.indexOf('-');
        String family = dash < 0 ? productName : productName.substring(0, dash);
        for (SnpProduct p : values()) {
            if (p.kdsName.equals(family)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The product with this KDS name, e.g. {@code "Turin"}. */
    public static Optional<SnpProduct> fromKdsName(String name) {
        for (SnpProduct p : values()) {
            if (p.kdsName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
