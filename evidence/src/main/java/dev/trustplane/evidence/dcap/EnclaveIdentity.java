package dev.trustplane.evidence.dcap;

import static dev.trustplane.evidence.dcap.internal.Fields.array;
import static dev.trustplane.evidence.dcap.internal.Fields.bad;
import static dev.trustplane.evidence.dcap.internal.Fields.hex;
import static dev.trustplane.evidence.dcap.internal.Fields.integer;
import static dev.trustplane.evidence.dcap.internal.Fields.member;
import static dev.trustplane.evidence.dcap.internal.Fields.status;
import static dev.trustplane.evidence.dcap.internal.Fields.strings;
import static dev.trustplane.evidence.dcap.internal.Fields.text;
import static dev.trustplane.evidence.dcap.internal.Fields.time;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.dcap.internal.Fields;
import dev.trustplane.evidence.dcap.internal.SignedJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Intel's identity of a Quoting Enclave (PCS v4 {@code qe/identity}, version 2; {@code id} "QE" for
 * SGX, "TD_QE" for TDX): who signs it, which MISCSELECT/ATTRIBUTES it must have under a mask, and the
 * TCB status of each ISVSVN.
 */
public record EnclaveIdentity(
        String id,
        int version,
        Instant issueDate,
        Instant nextUpdate,
        int tcbEvaluationDataNumber,
        long miscSelect,
        long miscSelectMask,
        byte[] attributes,
        byte[] attributesMask,
        byte[] mrSigner,
        int isvProdId,
        List<Level> levels,
        SignedJson signed) {

    /** An ISVSVN threshold and its status. */
    public record Level(int isvSvn, Instant tcbDate, TcbStatus status, List<String> advisoryIds) {}

    /** Parses {@code {"enclaveIdentity": {...}, "signature": "..."}}. */
    public static EnclaveIdentity parse(byte[] document) throws EvidenceFormatException {
        SignedJson signed = SignedJson.parse(document, "enclaveIdentity");
        String p = "enclaveIdentity";
        JsonNode e = Fields.tree(signed.body(), p);
        String id = text(e, p, "id");
        if (!id.equals("QE") && !id.equals("TD_QE")) {
            throw bad(p + ".id", "'" + (id.length() > 10 ? id.substring(0, 10) : id) + "' is neither QE nor TD_QE");
        }
        int version = integer(e, p, "version");
        if (version != 2) {
            throw bad(p + ".version", "version " + version + " (only enclave identity v2 is supported)");
        }
        List<Level> levels = new ArrayList<>();
        int i = 0;
        for (JsonNode l : array(e, p, "tcbLevels")) {
            String lp = p + ".tcbLevels[" + i++ + "]";
            levels.add(new Level(integer(member(l, lp, "tcb"), lp + ".tcb", "isvsvn"), time(l, lp, "tcbDate"),
                    status(l, lp), strings(l, lp, "advisoryIDs")));
        }
        return new EnclaveIdentity(id, version, time(e, p, "issueDate"), time(e, p, "nextUpdate"),
                integer(e, p, "tcbEvaluationDataNumber"), u32(hex(e, p, "miscselect", 4)),
                u32(hex(e, p, "miscselectMask", 4)), hex(e, p, "attributes", 16), hex(e, p, "attributesMask", 16),
                hex(e, p, "mrsigner", 32), integer(e, p, "isvprodid"), List.copyOf(levels), signed);
    }

    /** Intel writes MISCSELECT as the hex of the 32-bit value, most significant byte first. */
    private static long u32(byte[] b) {
        return (b[0] & 0xFFL) << 24 | (b[1] & 0xFFL) << 16 | (b[2] & 0xFFL) << 8 | (b[3] & 0xFFL);
    }
}
