package dev.trustplane.evidence.snp;

import dev.trustplane.evidence.internal.Hex;

/**
 * The guest POLICY (u64 at 0x008), fixed by the guest owner at launch and enforced by the firmware.
 *
 * <p>Bits (SEV-SNP ABI spec #56860, "Guest Policy"): 7:0 ABI_MINOR, 15:8 ABI_MAJOR, 16 SMT,
 * 17 reserved (must be 1), 18 MIGRATE_MA, 19 DEBUG, 20 SINGLE_SOCKET, 21 CXL_ALLOW,
 * 22 MEM_AES_256_XTS, 23 RAPL_DIS, 24 CIPHERTEXT_HIDING, 25 PAGE_SWAP_DISABLE, 63:26 reserved.
 * The raw value is kept; unknown bits are reported, not rejected (a newer ABI may define them).
 *
 * @param raw the u64 as stored
 */
public record SnpPolicy(long raw) {
    /** Minimum ABI minor version the guest requires. */
    public int abiMinor() {
        return (int) (raw & 0xFF);
    }

    /** Minimum ABI major version the guest requires. */
    public int abiMajor() {
        return (int) ((raw >>> 8) & 0xFF);
    }

    /** Bit 16: simultaneous multithreading allowed. */
    public boolean smtAllowed() {
        return bit(16);
    }

    /** Bit 17: reserved, architecturally 1. */
    public boolean reservedBit17() {
        return bit(17);
    }

    /** Bit 18: association with a migration agent allowed. */
    public boolean migrateMaAllowed() {
        return bit(18);
    }

    /** Bit 19: debugging allowed: the host can read and write guest memory. */
    public boolean debugAllowed() {
        return bit(19);
    }

    /** Bit 20: guest may run on a single socket only. */
    public boolean singleSocketRequired() {
        return bit(20);
    }

    /** Bit 21: CXL memory may back guest pages. */
    public boolean cxlAllowed() {
        return bit(21);
    }

    /** Bit 22: AES-256-XTS memory encryption required. */
    public boolean memAes256XtsRequired() {
        return bit(22);
    }

    /** Bit 23: running average power limit must be disabled. */
    public boolean raplDisRequired() {
        return bit(23);
    }

    /** Bit 24: ciphertext hiding for DRAM required. */
    public boolean ciphertextHidingRequired() {
        return bit(24);
    }

    /** Bit 25: guest page swap (SNP_PAGE_MOVE/SWAP) disabled. */
    public boolean pageSwapDisabled() {
        return bit(25);
    }

    /** Bits 63:26, which this ABI revision leaves reserved (0 in every report seen). */
    public long unknownBits() {
        return raw & ~((1L << 26) - 1);
    }

    private boolean bit(int n) {
        return (raw & (1L << n)) != 0;
    }

    @Override
    public String toString() {
        return "SnpPolicy[0x" + Hex.u64(raw) + "]";
    }
}
