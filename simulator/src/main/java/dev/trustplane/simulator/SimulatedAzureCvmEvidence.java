package dev.trustplane.simulator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Simulated Azure confidential VM evidence: the HCL report (embedding a signed SNP report bound to
 * the runtime data), the vTPM quote signed by the AK that the runtime data publishes as HCLAkPub,
 * the quoted PCR values, and the SNP collateral.
 *
 * @param hclReport the HCL report buffer (2600 bytes unless the runtime data is very large)
 * @param runtimeData the exact runtime-data JSON bytes (SHA-256 of them is REPORT_DATA[0:32])
 * @param snp the embedded SNP report with its VCEK, ASK, ARK and CRL
 * @param quoteMessage the TPMS_ATTEST bytes
 * @param quoteSignature the raw RSASSA-PKCS1-v1_5 SHA-256 signature (256 bytes)
 * @param pcrs the SHA-256 PCR bank, PCR 0 first (24 values)
 * @param nonce the quote's extraData
 * @param ak the vTPM attestation key (RSA-2048; its public part is HCLAkPub)
 */
public record SimulatedAzureCvmEvidence(byte[] hclReport, byte[] runtimeData, SimulatedSnpEvidence snp,
        byte[] quoteMessage, byte[] quoteSignature, List<byte[]> pcrs, byte[] nonce, KeyPair ak) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Copies the arrays. */
    public SimulatedAzureCvmEvidence {
        hclReport = hclReport.clone();
        runtimeData = runtimeData.clone();
        quoteMessage = quoteMessage.clone();
        quoteSignature = quoteSignature.clone();
        pcrs = pcrs.stream().map(byte[]::clone).toList();
        nonce = nonce.clone();
    }

    @Override
    public byte[] hclReport() {
        return hclReport.clone();
    }

    @Override
    public byte[] runtimeData() {
        return runtimeData.clone();
    }

    @Override
    public byte[] quoteMessage() {
        return quoteMessage.clone();
    }

    @Override
    public byte[] quoteSignature() {
        return quoteSignature.clone();
    }

    @Override
    public List<byte[]> pcrs() {
        return pcrs.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /**
     * Trustee's {@code az-snp-vtpm} evidence, version 2: {@code {"version":2, "tpm_quote":{"signature",
     * "message", "pcrs":[...]}, "hcl_report", "vcek"}} with the quote fields in lower-case hex and the HCL
     * report and VCEK (DER) in padded base64url, as Trustee's attester writes them.
     */
    public String trusteeJson() {
        HexFormat hex = HexFormat.of();
        Map<String, Object> quote = new LinkedHashMap<>();
        quote.put("signature", hex.formatHex(quoteSignature));
        quote.put("message", hex.formatHex(quoteMessage));
        quote.put("pcrs", pcrs.stream().map(hex::formatHex).toList());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", 2);
        root.put("tpm_quote", quote);
        root.put("hcl_report", Base64.getUrlEncoder().encodeToString(hclReport));
        try {
            root.put("vcek", Base64.getUrlEncoder().encodeToString(snp.vcek().getEncoded()));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("VCEK cannot be encoded", e);
        }
        return JSON.writeValueAsString(root);
    }

    /**
     * The quote in the kinvolk/Trustee {@code quote.bin} form (bincode, little-endian): u64 length and
     * signature, u64 length and message, u64 count and the 32-byte PCRs.
     */
    public byte[] quoteBincode() {
        ByteBuffer b = ByteBuffer.allocate(24 + quoteSignature.length + quoteMessage.length + 32 * pcrs.size())
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(quoteSignature.length).put(quoteSignature);
        b.putLong(quoteMessage.length).put(quoteMessage);
        b.putLong(pcrs.size());
        pcrs.forEach(b::put);
        return b.array();
    }

    /** The PCR values as a JSON array of lower-case hex strings, PCR 0 first. */
    public String pcrsJson() {
        return JSON.writeValueAsString(pcrs.stream().map(HexFormat.of()::formatHex).toList());
    }

    /** The MAA {@code POST /attest/SevSnpVm} body: the embedded SNP report, its chain, the runtime data. */
    public String maaRequest() {
        return MaaSnpRequest.body(snp, runtimeData);
    }
}
