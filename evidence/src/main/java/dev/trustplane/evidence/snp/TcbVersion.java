package dev.trustplane.evidence.snp;

import dev.trustplane.evidence.internal.Hex;

/**
 * An SEV-SNP TCB_VERSION: the security patch levels (SPLs) of the firmware components, as the raw
 * little-endian u64 found at 0x038, 0x180, 0x1E0 and 0x1F0 of a report. Decoding needs a
 * {@link TcbLayout}; see there for the byte assignments.
 *
 * @param raw the u64 exactly as stored (reserved bytes included, so encoding is byte-exact)
 */
public record TcbVersion(long raw) {

    /**
     * The components of a TCB under one layout.
     *
     * @param layout the layout used
     * @param fmc FMC SPL (Turin), or {@code -1} when the layout has none
     * @param bootLoader boot loader SPL
     * @param tee TEE (PSP OS) SPL
     * @param snp SNP firmware SPL
     * @param microcode microcode SPL
     */
    public record Components(TcbLayout layout, int fmc, int bootLoader, int tee, int snp, int microcode) {}

    /** Decodes the components under {@code layout}. */
    public Components decode(TcbLayout layout) {
        return new Components(
                layout,
                layout.hasFmc() ? byteAt(layout.fmcByte) : -1,
                byteAt(layout.bootLoaderByte),
                byteAt(layout.teeByte),
                byteAt(layout.snpByte),
                byteAt(layout.microcodeByte));
    }

    /**
     * Encodes components into a TCB_VERSION with zero reserved bytes.
     *
     * @param fmc FMC SPL, must be 0 for layouts without FMC
     * @throws IllegalArgumentException if a value is outside 0..255
     */
    public static TcbVersion of(TcbLayout layout, int fmc, int bootLoader, int tee, int snp, int microcode) {
        long raw = put(0, layout.bootLoaderByte, bootLoader)
                | put(0, layout.teeByte, tee)
                | put(0, layout.snpByte, snp)
                | put(0, layout.microcodeByte, microcode);
        if (layout.hasFmc()) {
            raw |= put(0, layout.fmcByte, fmc);
        } else if (fmc != 0) {
            throw new IllegalArgumentException("layout " + layout + " has no FMC component");
        }
        return new TcbVersion(raw);
    }

    private int byteAt(int index) {
        return (int) (raw >>> (8 * index)) & 0xFF;
    }

    private static long put(long raw, int index, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("SPL out of range 0..255: " + value);
        }
        return raw | ((long) value << (8 * index));
    }

    /** 16 lower-case hex digits of the u64, most significant first (as tools print it). */
    public String hex() {
        return Hex.u64(raw);
    }

    @Override
    public String toString() {
        return "TcbVersion[0x" + hex() + "]";
    }
}
