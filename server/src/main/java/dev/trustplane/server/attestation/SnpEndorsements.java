package dev.trustplane.server.attestation;

import static dev.trustplane.server.attestation.AttestRequest.invalid;

import java.util.List;
import java.util.Map;

/**
 * The {@code Endorsements} member of MAA's SevSnpVm {@code report}: base64url of the JSON {@code {"Uvm":
 * [base64url(COSE_Sign1), …]}}, as Azure confidential containers send it (Microsoft's
 * {@code confidential-sidecar-containers}, {@code pkg/attest/maa.go}: "a json array (named "Uvm") of base64url
 * encoded cosesign1 blobs"). Each blob is the UVM's reference-info endorsement: a COSE_Sign1 signed by Microsoft
 * whose payload names the utility VM's launch measurement; MAA uses it to grant {@code x-ms-compliance-status:
 * azure-compliant-uvm}.
 *
 * <p>Trustplane checks the shape exactly (so a malformed body is a 400 naming the member, never silently dropped)
 * but does not appraise the endorsement: that needs Microsoft's UVM signing identity as a trust anchor, which
 * Trustplane does not ship. So no token claims a compliance status from it; policies can still pin
 * {@code x-ms-sevsnpvm-launchmeasurement} directly.
 */
final class SnpEndorsements {
    /** CBOR tag 18 (COSE_Sign1), one-byte form. */
    private static final int COSE_SIGN1_TAG = 0xD2;
    /** CBOR array of four items: protected, unprotected, payload, signature. */
    private static final int ARRAY_OF_FOUR = 0x84;

    private SnpEndorsements() {}

    /** Checks the shape; returns the number of UVM endorsements. */
    static int check(byte[] json) {
        Map<String, Object> e = AttestRequest.jsonObject(json, "report.Endorsements");
        Object uvm = e.get("Uvm");
        if (uvm == null) {
            return 0;
        }
        if (!(uvm instanceof List<?> list)) {
            throw invalid("'report.Endorsements.Uvm' must be an array of base64url COSE_Sign1 documents.");
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "report.Endorsements.Uvm[" + i + "]";
            if (!(list.get(i) instanceof String text)) {
                throw invalid("'" + path + "' must be a base64url string.");
            }
            byte[] cose = Base64Url.decode(text, path);
            int at = cose.length > 0 && (cose[0] & 0xFF) == COSE_SIGN1_TAG ? 1 : 0;
            if (cose.length <= at || (cose[at] & 0xFF) != ARRAY_OF_FOUR) {
                throw invalid("'" + path + "' is not a COSE_Sign1 document (a CBOR array of four items, tag 18 optional).");
            }
        }
        return list.size();
    }
}
