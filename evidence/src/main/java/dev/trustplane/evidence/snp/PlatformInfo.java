package dev.trustplane.evidence.snp;

import dev.trustplane.evidence.internal.Hex;

/**
 * PLATFORM_INFO (u64 at 0x040): platform state when the report was generated.
 *
 * <p>Bit 0 SMT_EN, 1 TSME_EN, 2 ECC_EN, 3 RAPL_DIS, 4 CIPHERTEXT_HIDING_EN, 5 ALIAS_CHECK_COMPLETE,
 * 6 set on real Turin reports (decoded as IOMMU_WRITE_SAFE by newer tooling; not yet checked against
 * the ABI PDF), 7 TIO_EN. Unknown bits are kept and exposed, never rejected: Turin reports set bit 6,
 * which older verifiers refused.
 *
 * @param raw the u64 as stored
 */
public record PlatformInfo(long raw) {
    /** Bit 0: SMT enabled on the platform. */
    public boolean smtEnabled() {
        return bit(0);
    }

    /** Bit 1: transparent SME enabled. */
    public boolean tsmeEnabled() {
        return bit(1);
    }

    /** Bit 2: ECC memory in use. */
    public boolean eccEnabled() {
        return bit(2);
    }

    /** Bit 3: RAPL disabled. */
    public boolean raplDisabled() {
        return bit(3);
    }

    /** Bit 4: DRAM ciphertext hiding enabled. */
    public boolean ciphertextHidingEnabled() {
        return bit(4);
    }

    /** Bit 5: memory alias check completed. */
    public boolean aliasCheckComplete() {
        return bit(5);
    }

    /** Bit 6: IOMMU write-safe (newer ABI; see class comment). */
    public boolean iommuWriteSafe() {
        return bit(6);
    }

    /** Bit 7: SEV-TIO enabled. */
    public boolean tioEnabled() {
        return bit(7);
    }

    private boolean bit(int n) {
        return (raw & (1L << n)) != 0;
    }

    @Override
    public String toString() {
        return "PlatformInfo[0x" + Hex.u64(raw) + "]";
    }
}
