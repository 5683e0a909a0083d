package dev.trustplane.evidence.snp.internal;

import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.internal.Hex;
import dev.trustplane.evidence.snp.SigningKey;
import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.SnpReport;
import dev.trustplane.evidence.snp.TcbVersion;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Binds a report to its endorsing certificate beyond the signature: the kind of key (SIGNING_KEY vs
 * VCEK/VLEK), the chip (VCEK hwID vs CHIP_ID) and the TCB (SPL extensions vs REPORTED_TCB).
 *
 * <p>hwID: Milan/Genoa VCEKs carry all 64 bytes of CHIP_ID; Turin VCEKs carry 8 bytes, which must
 * equal CHIP_ID[0:8] (the rest of CHIP_ID is zero on Turin). VLEKs have no hwID (one VLEK serves many
 * chips of a cloud provider), so a VLEK carrying one is rejected. A VCEK-signed report whose CHIP_ID
 * is masked (all zero) cannot be bound to its certificate and is reported as {@code HWID_MISMATCH}
 * (deliberately strict: policy cannot tell a masked ID from a substituted certificate). TCB: REPORTED_TCB is decoded with
 * the product's layout and compared component by component; Turin additionally compares fmcSPL.
 */
public final class ReportBinding {
    private ReportBinding() {}

    /** Records HWID/TCB/kind findings; {@code ext} or {@code product} may be null (unknown). */
    public static void check(SnpReport report, boolean vlek, AmdExtensions ext, SnpProduct product, Findings f) {
        SigningKey expected = vlek ? SigningKey.VLEK : SigningKey.VCEK;
        if (report.signingKey() != SigningKey.NONE && report.signingKey() != expected) {
            f.add(ReasonCode.CHAIN_INVALID, "report SIGNING_KEY is " + report.signingKey()
                    + " but the certificate is a " + expected);
        }
        if (ext == null) {
            return;
        }
        if (vlek) {
            if (ext.hwId().isPresent()) {
                f.add(ReasonCode.CHAIN_INVALID, "VLEK certificate carries a hwID extension");
            }
        } else {
            checkHwId(report, ext, product, f);
        }
        if (product == null) {
            f.add(ReasonCode.TCB_MISMATCH, "product unknown: REPORTED_TCB cannot be compared with the certificate");
            return;
        }
        checkTcb(report.reportedTcb().decode(product.tcbLayout()), ext, f);
    }

    private static void checkHwId(SnpReport report, AmdExtensions ext, SnpProduct product, Findings f) {
        if (ext.hwId().isEmpty()) {
            f.add(ReasonCode.HWID_MISMATCH, "VCEK has no hwID extension");
            return;
        }
        byte[] hwId = ext.hwId().get();
        byte[] chipId = report.chipId();
        int expectedLength = product == null ? hwId.length : product.hwIdLength();
        if (hwId.length != expectedLength) {
            f.add(ReasonCode.HWID_MISMATCH, "VCEK hwID has " + hwId.length + " bytes, " + expectedLength
                    + " expected for " + product.kdsName());
            return;
        }
        if (!MessageDigest.isEqual(hwId, Arrays.copyOf(chipId, hwId.length))) {
            f.add(ReasonCode.HWID_MISMATCH, "VCEK hwID " + Hex.encode(hwId).substring(0, 16)
                    + "... differs from CHIP_ID " + Hex.encode(chipId).substring(0, 16) + "...");
        }
    }

    private static void checkTcb(TcbVersion.Components tcb, AmdExtensions ext, Findings f) {
        List<String> diffs = new ArrayList<>();
        compare("blSPL", ext.bootLoader(), tcb.bootLoader(), diffs);
        compare("teeSPL", ext.tee(), tcb.tee(), diffs);
        compare("snpSPL", ext.snp(), tcb.snp(), diffs);
        compare("ucodeSPL", ext.microcode(), tcb.microcode(), diffs);
        if (tcb.layout().hasFmc()) {
            compare("fmcSPL", ext.fmc(), tcb.fmc(), diffs);
        }
        if (!diffs.isEmpty()) {
            f.add(ReasonCode.TCB_MISMATCH, "certificate SPLs differ from REPORTED_TCB: " + String.join(", ", diffs));
        }
    }

    private static void compare(String name, OptionalInt cert, int reported, List<String> diffs) {
        if (cert.isEmpty()) {
            diffs.add(name + " missing (report " + reported + ")");
        } else if (cert.getAsInt() != reported) {
            diffs.add(name + " " + cert.getAsInt() + " vs report " + reported);
        }
    }
}
