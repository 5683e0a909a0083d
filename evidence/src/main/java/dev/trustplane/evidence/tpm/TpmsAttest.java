package dev.trustplane.evidence.tpm;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed TPMS_ATTEST of type TPM_ST_ATTEST_QUOTE (TPM 2.0 Part 2, "TPMS_ATTEST",
 * "TPMS_QUOTE_INFO"). All integers are big-endian. Layout:
 *
 * <pre>
 * u32 magic (0xFF544347 TPM_GENERATED_VALUE) | u16 type (0x8018) | TPM2B_NAME qualifiedSigner
 * TPM2B_DATA extraData | TPMS_CLOCK_INFO {u64 clock, u32 resetCount, u32 restartCount, u8 safe}
 * u64 firmwareVersion | TPML_PCR_SELECTION {u32 count, count x {u16 hash, u8 sizeofSelect, bitmap}}
 * TPM2B_DIGEST pcrDigest
 * </pre>
 *
 * The exact input bytes are kept in {@link #raw()}: the signature is over them, never over a
 * re-marshalled copy, and the only way to obtain an instance is to parse those bytes, so the
 * fields can never disagree with what was signed. Trailing bytes after pcrDigest are rejected.
 * For keys outside the endorsement hierarchy the TPM obfuscates resetCount, restartCount and
 * firmwareVersion; they are reported as-is.
 */
public final class TpmsAttest {

    public static final long TPM_GENERATED_VALUE = 0xFF544347L;
    public static final int TPM_ST_ATTEST_QUOTE = 0x8018;

    /** Limits from TPM 2.0 Part 2 (sizes of the union buffers); generous, but bounded. */
    private static final int MAX_NAME = 2 + 64;
    private static final int MAX_DATA = 64;
    private static final int MAX_DIGEST = 64;
    private static final int MAX_BANKS = 16;
    private static final int MAX_SELECT_BYTES = 32;

    private final byte[] raw;
    private final int type;
    private final byte[] qualifiedSigner;
    private final byte[] extraData;
    private final long clock;
    private final long resetCount;
    private final long restartCount;
    private final boolean safe;
    private final long firmwareVersion;
    private final List<PcrSelection> pcrSelections;
    private final byte[] pcrDigest;

    private TpmsAttest(byte[] raw, int type, byte[] qualifiedSigner, byte[] extraData, long clock, long resetCount,
            long restartCount, boolean safe, long firmwareVersion, List<PcrSelection> pcrSelections, byte[] pcrDigest) {
        this.raw = raw;
        this.type = type;
        this.qualifiedSigner = qualifiedSigner;
        this.extraData = extraData;
        this.clock = clock;
        this.resetCount = resetCount;
        this.restartCount = restartCount;
        this.safe = safe;
        this.firmwareVersion = firmwareVersion;
        this.pcrSelections = List.copyOf(pcrSelections);
        this.pcrDigest = pcrDigest;
    }

    /** Parses a bare TPMS_ATTEST (as in the Azure/trustee {@code message} field). */
    public static TpmsAttest parse(byte[] bytes) throws TpmFormatException {
        byte[] copy = bytes.clone(); // one copy: what is parsed is what is kept as raw
        TpmReader r = new TpmReader(copy, "TPMS_ATTEST");
        TpmsAttest attest = read(r, copy);
        r.expectEnd();
        return attest;
    }

    /** Parses a TPM2B_ATTEST (u16 size prefix, then TPMS_ATTEST) as returned by TPM2_Quote. */
    public static TpmsAttest parseTpm2b(byte[] bytes) throws TpmFormatException {
        TpmReader r = new TpmReader(bytes.clone(), "TPM2B_ATTEST");
        int size = r.u16("size");
        if (size != r.remaining()) {
            throw r.fail("size", 0, "declares " + size + " bytes, " + r.remaining() + " follow");
        }
        try {
            return parse(r.bytes("attestationData", size));
        } catch (TpmFormatException e) {
            throw e.shifted(2);
        }
    }

    private static TpmsAttest read(TpmReader r, byte[] raw) throws TpmFormatException {
        long magic = r.u32("magic");
        if (magic != TPM_GENERATED_VALUE) {
            throw r.fail("magic", 0, String.format("expected 0xFF544347, got 0x%08X", magic));
        }
        int type = r.u16("type");
        if (type != TPM_ST_ATTEST_QUOTE) {
            throw r.fail("type", 4, String.format("expected TPM_ST_ATTEST_QUOTE 0x8018, got 0x%04X", type));
        }
        byte[] signer = r.tpm2b("qualifiedSigner", MAX_NAME);
        byte[] extra = r.tpm2b("extraData", MAX_DATA);
        long clock = r.u64("clockInfo.clock");
        long reset = r.u32("clockInfo.resetCount");
        long restart = r.u32("clockInfo.restartCount");
        int safeAt = r.position();
        int safe = r.u8("clockInfo.safe");
        if (safe > 1) {
            throw r.fail("clockInfo.safe", safeAt, "TPMI_YES_NO must be 0 or 1, got " + safe);
        }
        long firmware = r.u64("firmwareVersion");
        List<PcrSelection> selections = readSelections(r);
        byte[] digest = r.tpm2b("attested.quote.pcrDigest", MAX_DIGEST);
        return new TpmsAttest(raw, type, signer, extra, clock, reset, restart, safe == 1, firmware,
                selections, digest);
    }

    private static List<PcrSelection> readSelections(TpmReader r) throws TpmFormatException {
        int countAt = r.position();
        long count = r.u32("attested.quote.pcrSelect.count");
        if (count > MAX_BANKS) {
            throw r.fail("attested.quote.pcrSelect.count", countAt, count + " banks exceeds " + MAX_BANKS);
        }
        List<PcrSelection> out = new ArrayList<>();
        for (int bank = 0; bank < count; bank++) {
            String f = "attested.quote.pcrSelect[" + bank + "]";
            int hash = r.u16(f + ".hash");
            int sizeAt = r.position();
            int size = r.u8(f + ".sizeofSelect");
            if (size > MAX_SELECT_BYTES) {
                throw r.fail(f + ".sizeofSelect", sizeAt, size + " exceeds " + MAX_SELECT_BYTES);
            }
            byte[] map = r.bytes(f + ".pcrSelect", size);
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < size * 8; i++) {
                if ((map[i / 8] & (1 << (i % 8))) != 0) {
                    indices.add(i);
                }
            }
            out.add(new PcrSelection(hash, indices));
        }
        return out;
    }

    /** TPM_ST_ATTEST_QUOTE; the parser accepts no other type. */
    public int type() {
        return type;
    }

    public long clock() {
        return clock;
    }

    /** Obfuscated by the TPM for keys outside the endorsement hierarchy. */
    public long resetCount() {
        return resetCount;
    }

    /** Obfuscated by the TPM for keys outside the endorsement hierarchy. */
    public long restartCount() {
        return restartCount;
    }

    public boolean safe() {
        return safe;
    }

    /** Obfuscated by the TPM for keys outside the endorsement hierarchy. */
    public long firmwareVersion() {
        return firmwareVersion;
    }

    /** PCR banks and indices, in the order their values enter the pcrDigest. */
    public List<PcrSelection> pcrSelections() {
        return pcrSelections;
    }

    /** The exact bytes that were parsed (and that the quote signature covers). */
    public byte[] raw() {
        return raw.clone();
    }

    /** TPM2B_DATA extraData: the caller's nonce (qualifyingData). */
    public byte[] extraData() {
        return extraData.clone();
    }

    public byte[] qualifiedSigner() {
        return qualifiedSigner.clone();
    }

    public byte[] pcrDigest() {
        return pcrDigest.clone();
    }

    @Override
    public String toString() {
        return "TpmsAttest[type=0x" + Integer.toHexString(type) + ", extraData=" + extraData.length
                + " B, clock=" + clock + ", banks=" + pcrSelections + "]";
    }
}
