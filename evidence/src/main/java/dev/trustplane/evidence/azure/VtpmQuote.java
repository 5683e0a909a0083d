package dev.trustplane.evidence.azure;

import dev.trustplane.evidence.tpm.PcrValues;
import dev.trustplane.evidence.tpm.TpmFormatException;
import dev.trustplane.evidence.tpm.TpmHash;
import dev.trustplane.evidence.tpm.TpmSignature;
import dev.trustplane.evidence.tpm.TpmsAttest;
import java.util.ArrayList;
import java.util.List;

/**
 * The vTPM quote of Azure CVM evidence: TPMS_ATTEST, the raw RSA signature (no TPMT_SIGNATURE
 * header; its algorithm is pinned by HCLAkPub) and the SHA-256 PCR bank, PCR 0 first.
 *
 * <p>{@link #fromBincode} reads the trustee/kinvolk {@code quote.bin} form (Rust bincode, fixed-int
 * little-endian): {@code u64 len, signature | u64 len, message | u64 count, count x 32-byte PCR}.
 */
public record VtpmQuote(TpmsAttest attest, TpmSignature signature, PcrValues pcrs) {

    private static final int MAX_SIGNATURE = 512;
    private static final int MAX_MESSAGE = 1024;
    private static final int MAX_PCRS = 24;

    /** From separate parts: TPMS_ATTEST bytes, raw signature bytes, SHA-256 PCR values from PCR 0. */
    public static VtpmQuote of(byte[] message, byte[] rawSignature, List<byte[]> sha256Pcrs) throws AzureFormatException {
        TpmsAttest attest;
        try {
            attest = TpmsAttest.parse(message);
        } catch (TpmFormatException e) {
            throw new AzureFormatException("quote.message:" + e.field(), e.offset(), e.getMessage(), e);
        }
        if (rawSignature.length == 0 || rawSignature.length > MAX_SIGNATURE) {
            throw new AzureFormatException("quote.signature", -1, "length " + rawSignature.length + " out of range");
        }
        if (sha256Pcrs.size() > MAX_PCRS) {
            throw new AzureFormatException("quote.pcrs", -1, sha256Pcrs.size() + " PCRs, at most " + MAX_PCRS);
        }
        for (int i = 0; i < sha256Pcrs.size(); i++) {
            if (sha256Pcrs.get(i).length != 32) {
                throw new AzureFormatException("quote.pcrs[" + i + "]", -1, "not 32 bytes");
            }
        }
        return new VtpmQuote(attest, TpmSignature.raw(rawSignature), PcrValues.ofBank(TpmHash.SHA256, sha256Pcrs));
    }

    public static VtpmQuote fromBincode(byte[] bincode) throws AzureFormatException {
        LeReader r = new LeReader(bincode.clone(), "VtpmQuote");
        byte[] signature = r.bytes("signature", r.u64Bounded("signature.len", MAX_SIGNATURE));
        int messageAt = r.position() + 8;
        byte[] message = r.bytes("message", r.u64Bounded("message.len", MAX_MESSAGE));
        int count = r.u64Bounded("pcrs.len", MAX_PCRS);
        List<byte[]> pcrs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pcrs.add(r.bytes("pcrs[" + i + "]", 32));
        }
        r.expectEnd();
        try {
            TpmsAttest.parse(message);
        } catch (TpmFormatException e) {
            throw new AzureFormatException("VtpmQuote.message:" + e.field(), messageAt + e.offset(), e.getMessage(), e);
        }
        return of(message, signature, pcrs);
    }
}
