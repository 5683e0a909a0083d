package dev.trustplane.agent.evidence;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import java.util.List;

/**
 * Reading the SHA-256 PCR bank with TPM2_PCR_Read (Part 3): the TPM returns at most eight digests per call
 * (as many as fit its response), reporting in {@code pcrSelectionOut} which ones, so the request is repeated
 * for the rest. The returned selection and digest count are checked against each other and against what was
 * asked: a TPM that returns unrequested PCRs, a wrong count or a short digest is malformed output.
 */
final class PcrBank {
    private PcrBank() {}

    /** PCR_Read of the SHA-256 bank, PCRs 0..23. */
    static List<byte[]> readSha256(Tpm2 tpm) throws EvidenceCollectionException, TpmCommandException {
        byte[][] values = new byte[24][];
        int wanted = 0xFFFFFF;
        for (int round = 0; wanted != 0 && round < 24; round++) {
            TpmReader r = tpm.execute("PCR_Read", Tpm2.CC_PCR_READ, new int[0], 0, sha256Selection(wanted), 0);
            r.u32("pcrUpdateCounter");
            long count = r.u32("pcrSelectionOut.count");
            int returned = 0;
            if (count == 1) {
                int at = r.position();
                if (r.u16("pcrSelectionOut.hash") != Tpm2.ALG_SHA256) {
                    throw r.fail("pcrSelectionOut.hash", at, "not the SHA-256 bank");
                }
                byte[] bitmap = r.tpm2bOfU8("pcrSelectionOut.pcrSelect", 4);
                for (int i = 0; i < bitmap.length * 8 && i < 24; i++) {
                    if ((bitmap[i / 8] >> (i % 8) & 1) != 0) {
                        returned |= 1 << i;
                    }
                }
            } else if (count != 0) {
                throw r.fail("pcrSelectionOut.count", 4, count + " selections for one requested");
            }
            long digests = r.u32("pcrValues.count");
            if (digests != Integer.bitCount(returned) || (returned & ~wanted) != 0) {
                throw r.fail("pcrValues.count", r.position() - 4, digests + " digests for the returned selection");
            }
            for (int i = 0; i < 24; i++) {
                if ((returned >> i & 1) != 0) {
                    int at = r.position();
                    byte[] v = r.tpm2b("pcrValues[" + i + "]", 32);
                    if (v.length != 32) {
                        throw r.fail("pcrValues[" + i + "]", at, v.length + " bytes, not a SHA-256 digest");
                    }
                    values[i] = v;
                }
            }
            r.expectEnd("PCR_Read");
            if (returned == 0) {
                break;
            }
            wanted &= ~returned;
        }
        if (wanted != 0) {
            throw new EvidenceCollectionException(Failure.DEVICE_ERROR, "PCR_Read", -1, tpm.describe()
                    + " did not return all 24 SHA-256 PCRs (is the SHA-256 bank allocated?)");
        }
        return List.of(values);
    }

    /** TPML_PCR_SELECTION with one SHA-256 entry selecting the PCRs whose bits are set in {@code mask}. */
    static byte[] sha256Selection(int mask) {
        return new TpmWriter().u32(1).u16(Tpm2.ALG_SHA256).u8(3).u8(mask).u8(mask >>> 8).u8(mask >>> 16).toBytes();
    }

}
