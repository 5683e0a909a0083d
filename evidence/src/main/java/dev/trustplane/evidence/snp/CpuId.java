package dev.trustplane.evidence.snp;

/**
 * CPUID family, model and stepping as reported at 0x188..0x18A (report v3+). Family and model are
 * the combined (extended + base) values, e.g. family 0x19 model 0x11 for Genoa.
 *
 * @param family CPUID_FAM_ID
 * @param model CPUID_MOD_ID
 * @param stepping CPUID_STEP
 */
public record CpuId(int family, int model, int stepping) {
    /** Validates the byte ranges. */
    public CpuId {
        if ((family | model | stepping) >>> 8 != 0) {
            throw new IllegalArgumentException("CPUID fields are single bytes");
        }
    }
}
