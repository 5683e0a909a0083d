package dev.trustplane.evidence.snp.internal;

import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.internal.Hex;
import dev.trustplane.evidence.snp.PlatformInfo;
import dev.trustplane.evidence.snp.SnpPolicy;
import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.SnpReport;
import dev.trustplane.evidence.snp.TcbVersion;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Claims of an SNP appraisal.
 *
 * <p>First the names Microsoft Azure Attestation emits for {@code sevsnpvm} (so MAA policies and
 * release policies work unchanged): byte fields as lower-case hex, SVNs as integers taken from
 * REPORTED_TCB (the TCB the VCEK certifies) decoded with the product's layout. Then every other
 * report field under {@code sevsnp-}: MAA defines no names for them, and inventing names inside
 * Microsoft's {@code x-ms-} namespace could collide with future MAA claims.
 */
public final class SnpClaims {
    /** MAA's attestation type for SEV-SNP VMs. */
    public static final String TYPE = "sevsnpvm";
    private static final String MAA = "x-ms-sevsnpvm-";
    private static final String RAW = "sevsnp-";

    private SnpClaims() {}

    /**
     * Builds the claims.
     *
     * @param product the product, or {@code null} when unknown (TCB components are then omitted)
     * @param signingKeyRole "VCEK"/"VLEK" per the certificate, or {@code null}
     * @param cspId the VLEK's cspID, or {@code null}
     */
    public static Map<String, Object> of(SnpReport r, SnpProduct product, TrustProfile.Kind profile,
            String signingKeyRole, String cspId) {
        Map<String, Object> c = new LinkedHashMap<>();
        TcbVersion.Components tcb = product == null ? null : r.reportedTcb().decode(product.tcbLayout());
        c.put("x-ms-attestation-type", TYPE);
        c.put(MAA + "authorkeydigest", Hex.encode(r.authorKeyDigest()));
        if (tcb != null) {
            c.put(MAA + "bootloader-svn", tcb.bootLoader());
        }
        c.put(MAA + "familyId", Hex.encode(r.familyId()));
        c.put(MAA + "guestsvn", r.guestSvn());
        c.put(MAA + "hostdata", Hex.encode(r.hostData()));
        c.put(MAA + "idkeydigest", Hex.encode(r.idKeyDigest()));
        c.put(MAA + "imageId", Hex.encode(r.imageId()));
        c.put(MAA + "is-debuggable", r.policy().debugAllowed());
        c.put(MAA + "launchmeasurement", Hex.encode(r.measurement()));
        if (tcb != null) {
            c.put(MAA + "microcode-svn", tcb.microcode());
        }
        c.put(MAA + "migration-allowed", r.policy().migrateMaAllowed());
        c.put(MAA + "reportdata", Hex.encode(r.reportData()));
        c.put(MAA + "reportid", Hex.encode(r.reportId()));
        c.put(MAA + "smt-allowed", r.policy().smtAllowed());
        if (tcb != null) {
            c.put(MAA + "snpfw-svn", tcb.snp());
            c.put(MAA + "tee-svn", tcb.tee());
        }
        c.put(MAA + "vmpl", r.vmpl());
        raw(c, r, product, profile, signingKeyRole, cspId, tcb);
        return c;
    }

    private static void raw(Map<String, Object> c, SnpReport r, SnpProduct product, TrustProfile.Kind profile,
            String role, String cspId, TcbVersion.Components tcb) {
        c.put(RAW + "trust-profile", profile.name().toLowerCase(Locale.ROOT));
        c.put(RAW + "version", r.version());
        if (product != null) {
            c.put(RAW + "product", product.kdsName());
        }
        if (role != null) {
            c.put(RAW + "signing-key", role);
        }
        if (cspId != null) {
            c.put(RAW + "vlek-csp-id", cspId);
        }
        if (tcb != null && tcb.layout().hasFmc()) {
            c.put(RAW + "fmc-svn", tcb.fmc());
        }
        policy(c, r.policy());
        platform(c, r.platformInfo());
        c.put(RAW + "author-key-en", r.authorKeyEnabled());
        c.put(RAW + "mask-chip-key", r.maskChipKey());
        c.put(RAW + "current-tcb", r.currentTcb().hex());
        c.put(RAW + "reported-tcb", r.reportedTcb().hex());
        c.put(RAW + "committed-tcb", r.committedTcb().hex());
        c.put(RAW + "launch-tcb", r.launchTcb().hex());
        c.put(RAW + "current-firmware", r.currentFirmware().toString());
        c.put(RAW + "committed-firmware", r.committedFirmware().toString());
        r.cpuid().ifPresent(id -> {
            c.put(RAW + "cpuid-family", id.family());
            c.put(RAW + "cpuid-model", id.model());
            c.put(RAW + "cpuid-stepping", id.stepping());
        });
        c.put(RAW + "chip-id", Hex.encode(r.chipId()));
        c.put(RAW + "report-id-ma", Hex.encode(r.reportIdMa()));
        r.launchMitigationVector().ifPresent(v -> c.put(RAW + "launch-mit-vector", Hex.u64(v)));
        r.currentMitigationVector().ifPresent(v -> c.put(RAW + "current-mit-vector", Hex.u64(v)));
    }

    private static void policy(Map<String, Object> c, SnpPolicy p) {
        c.put(RAW + "policy", Hex.u64(p.raw()));
        c.put(RAW + "policy-abi-major", p.abiMajor());
        c.put(RAW + "policy-abi-minor", p.abiMinor());
        c.put(RAW + "policy-smt-allowed", p.smtAllowed());
        c.put(RAW + "policy-migrate-ma", p.migrateMaAllowed());
        c.put(RAW + "policy-debug", p.debugAllowed());
        c.put(RAW + "policy-single-socket", p.singleSocketRequired());
        c.put(RAW + "policy-cxl-allowed", p.cxlAllowed());
        c.put(RAW + "policy-mem-aes-256-xts", p.memAes256XtsRequired());
        c.put(RAW + "policy-rapl-dis", p.raplDisRequired());
        c.put(RAW + "policy-ciphertext-hiding", p.ciphertextHidingRequired());
        c.put(RAW + "policy-page-swap-disable", p.pageSwapDisabled());
    }

    private static void platform(Map<String, Object> c, PlatformInfo p) {
        c.put(RAW + "platform-info", Hex.u64(p.raw()));
        c.put(RAW + "platform-smt-enabled", p.smtEnabled());
        c.put(RAW + "platform-tsme-enabled", p.tsmeEnabled());
        c.put(RAW + "platform-ecc-enabled", p.eccEnabled());
        c.put(RAW + "platform-rapl-disabled", p.raplDisabled());
        c.put(RAW + "platform-ciphertext-hiding-enabled", p.ciphertextHidingEnabled());
        c.put(RAW + "platform-alias-check-complete", p.aliasCheckComplete());
        c.put(RAW + "platform-iommu-write-safe", p.iommuWriteSafe());
        c.put(RAW + "platform-tio-enabled", p.tioEnabled());
    }
}
