package dev.trustplane.evidence.snp;

/**
 * How the 8 bytes of a TCB_VERSION are assigned to firmware components; it depends on the CPU
 * generation, not on the report version.
 *
 * <pre>
 * byte:           0      1      2      3      4    5    6      7
 * ZEN3_ZEN4:      BL     TEE    rsvd   rsvd   rsvd rsvd SNP    UCODE   (Milan, Genoa)
 * ZEN5:           FMC    BL     TEE    SNP    rsvd rsvd rsvd   UCODE   (Turin)
 * </pre>
 *
 * Read as a little-endian u64, Milan/Genoa is {@code ucode<<56 | snp<<48 | tee<<8 | bl} and Turin
 * is {@code ucode<<56 | snp<<24 | tee<<16 | bl<<8 | fmc}. Applying the wrong layout silently yields
 * wrong SVNs, so the layout is always chosen from the product (CPUID or VCEK), never guessed from
 * the bytes.
 */
public enum TcbLayout {
    /** Milan and Genoa (Zen 3 / Zen 4). */
    ZEN3_ZEN4(-1, 0, 1, 6, 7),
    /** Turin (Zen 5), with the FMC (first mutable code) SPL in byte 0. */
    ZEN5(0, 1, 2, 3, 7);

    final int fmcByte;
    final int bootLoaderByte;
    final int teeByte;
    final int snpByte;
    final int microcodeByte;

    TcbLayout(int fmc, int bootLoader, int tee, int snp, int microcode) {
        this.fmcByte = fmc;
        this.bootLoaderByte = bootLoader;
        this.teeByte = tee;
        this.snpByte = snp;
        this.microcodeByte = microcode;
    }

    /** Whether this layout has an FMC component. */
    public boolean hasFmc() {
        return fmcByte >= 0;
    }
}
