package dev.trustplane.evidence.tpm;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appraises a plain TPM 2.0 quote ({@link TpmQuoteEvidence}) into an {@link AppraisalResult} of type
 * {@value #TYPE}: every quote must verify with the AK (algorithm pinned), its pcrDigest must recompute
 * from the claimed PCR values ({@code MEASUREMENT_MISMATCH} otherwise) and, when the caller gives a
 * nonce, its extraData must equal it ({@code REPORT_DATA_MISMATCH}).
 *
 * <p><b>What "genuine" means here.</b> A bare quote is signed by an AK that arrives with the evidence;
 * nothing endorses that AK (no EK certificate chain, no TEE report), so a genuine result only says the
 * quote is internally consistent and signed by the key in the claims. A relying party must pin the AK
 * by policy ({@code tpm-ak-spki-sha256} / {@code tpm-ak-name}) — the same caveat Trustee gives its
 * {@code tpm} verifier. Azure CVM evidence is the endorsed variant (HCLAkPub bound by the SNP report).
 */
public final class TpmQuoteAppraiser {
    /** The evidence type of plain TPM quote results. */
    public static final String TYPE = "tpm";

    private TpmQuoteAppraiser() {}

    /**
     * @param expectedNonce the value every quote's extraData must equal, or {@code null} to skip
     * @return the appraisal; never throws for bad evidence
     */
    public static AppraisalResult appraise(TpmQuoteEvidence evidence, byte[] expectedNonce) {
        List<Reason> findings = new ArrayList<>();
        List<QuoteVerification> verifications = new ArrayList<>();
        int n = evidence.quotes().size();
        for (int i = 0; i < n; i++) {
            TpmQuoteEvidence.Quote q = evidence.quotes().get(i);
            QuoteVerification v = QuoteVerifier.verify(q.attest(), q.signature(), evidence.ak(), evidence.pcrs(), expectedNonce);
            verifications.add(v);
            String prefix = n == 1 ? "" : "quote " + (i + 1) + ": ";
            v.reasons().forEach(r -> findings.add(new Reason(r.code(), prefix + r.detail())));
        }
        Map<String, Object> claims = new LinkedHashMap<>(
                TpmClaims.of(verifications.getFirst(), evidence.ak(), evidence.akArea()));
        claims.put("tpm-pcrs", TpmClaims.pcrs(merged(verifications)));
        return AppraisalResult.of(TYPE, findings, claims);
    }

    private static PcrValues merged(List<QuoteVerification> verifications) {
        PcrValues.Builder b = PcrValues.builder();
        for (QuoteVerification v : verifications) {
            for (TpmHash bank : TpmHash.values()) {
                for (int i : v.quotedPcrs().indices(bank)) {
                    b.put(bank, i, v.quotedPcrs().get(bank, i).orElseThrow());
                }
            }
        }
        return b.build();
    }
}
