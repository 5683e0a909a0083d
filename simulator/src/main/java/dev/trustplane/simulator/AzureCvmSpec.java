package dev.trustplane.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What {@link AzureCvmSimulator} should produce. Defaults: the {@link SnpSpec} defaults for the
 * embedded report (its REPORT_DATA is always overwritten with the runtime-data binding), HCL report
 * version 2, {@code vm-configuration} with console, secure boot and TPM enabled and a vmUniqueId
 * derived from the seed, a 32-byte nonce derived from the seed, user-data = the nonce zero-padded to
 * 64 bytes (the Trustee v2 convention), and a SHA-256 PCR bank whose PCRs 0-15 are derived from the
 * seed and 16-23 are zero. Mutable, not thread-safe.
 */
public final class AzureCvmSpec {
    SnpSpec snp = new SnpSpec();
    int hclVersion = 2;
    String vmUniqueId;
    boolean consoleEnabled = true;
    boolean secureBoot = true;
    boolean tpmEnabled = true;
    byte[] nonce;
    byte[] userData;
    final List<byte[]> pcrs = new ArrayList<>(Arrays.asList(new byte[24][]));

    /** The embedded SNP report's fields (REPORT_DATA is ignored: it binds the runtime data). */
    public AzureCvmSpec snp(SnpSpec spec) {
        snp = Objects.requireNonNull(spec);
        return this;
    }

    /** HCL report header version, 1 or 2 (default 2). */
    public AzureCvmSpec hclVersion(int v) {
        if (v != 1 && v != 2) {
            throw new IllegalArgumentException("HCL report version must be 1 or 2, got " + v);
        }
        hclVersion = v;
        return this;
    }

    /** vm-configuration.vmUniqueId. */
    public AzureCvmSpec vmUniqueId(String v) {
        vmUniqueId = Objects.requireNonNull(v);
        return this;
    }

    /** vm-configuration.console-enabled. */
    public AzureCvmSpec consoleEnabled(boolean v) {
        consoleEnabled = v;
        return this;
    }

    /** vm-configuration.secure-boot. */
    public AzureCvmSpec secureBoot(boolean v) {
        secureBoot = v;
        return this;
    }

    /** vm-configuration.tpm-enabled. */
    public AzureCvmSpec tpmEnabled(boolean v) {
        tpmEnabled = v;
        return this;
    }

    /** The quote's extraData (the verifier's nonce), at most 64 bytes. */
    public AzureCvmSpec nonce(byte[] v) {
        if (v.length > 64) {
            throw new IllegalArgumentException("nonce takes at most 64 bytes, got " + v.length);
        }
        nonce = v.clone();
        return this;
    }

    /** user-data (vTPM NV 0x01400002), at most 64 bytes, zero-padded (default: the nonce). */
    public AzureCvmSpec userData(byte[] v) {
        if (v.length > 64) {
            throw new IllegalArgumentException("user data takes at most 64 bytes, got " + v.length);
        }
        userData = Arrays.copyOf(v, 64);
        return this;
    }

    /** One SHA-256 PCR value (index 0..23, 32 bytes). */
    public AzureCvmSpec pcr(int index, byte[] value) {
        if (index < 0 || index > 23) {
            throw new IllegalArgumentException("PCR index must be 0..23, got " + index);
        }
        if (value.length != 32) {
            throw new IllegalArgumentException("a SHA-256 PCR takes 32 bytes, got " + value.length);
        }
        pcrs.set(index, value.clone());
        return this;
    }
}
