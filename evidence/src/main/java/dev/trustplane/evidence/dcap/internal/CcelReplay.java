package dev.trustplane.evidence.dcap.internal;

import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.dcap.CcEventLog;
import dev.trustplane.evidence.dcap.DcapClaimNames;
import dev.trustplane.evidence.dcap.DcapQuote;
import dev.trustplane.evidence.dcap.TdReportBody;
import dev.trustplane.evidence.internal.Hex;
import dev.trustplane.evidence.snp.internal.Findings;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a CC event log against the RTMRs of a verified TD quote. The log is unsigned: it is worth
 * something only when every RTMR it extends equals the quote's, so a difference in any RTMR is a
 * rejecting {@code MEASUREMENT_MISMATCH} (the same rule as PCR values beside a TPM quote). RTMRs the
 * log never extends must be zero in the quote as well — an RTMR extended later (e.g. by the guest
 * kernel through its own log) without a log entry here is a mismatch too, because the events cannot
 * then account for the value.
 */
public final class CcelReplay {
    private CcelReplay() {}

    public static void check(DcapQuote quote, CcEventLog log, Findings f, Map<String, Object> claims) {
        if (quote.td().isEmpty()) {
            f.add(ReasonCode.MALFORMED, "a CC event log was given with an SGX quote; only TD quotes have RTMRs");
            return;
        }
        TdReportBody td = quote.td().get();
        List<byte[]> replayed = log.replay();
        boolean all = true;
        for (int i = 0; i < CcEventLog.RTMRS; i++) {
            if (!MessageDigest.isEqual(replayed.get(i), td.rtmrs().get(i))) {
                all = false;
                f.add(ReasonCode.MEASUREMENT_MISMATCH, "the CC event log replays RTMR" + i + " to "
                        + Hex.encode(replayed.get(i)) + ", the quote has " + Hex.encode(td.rtmrs().get(i)));
            }
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (CcEventLog.Event e : log.events()) {
            if (e.measured()) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("rtmr", e.rtmr());
                event.put("type", e.typeName());
                event.put("digest", Hex.encode(e.digest(CcEventLog.SHA384).orElseThrow()));
                event.put("offset", e.offset());
                events.add(event);
            }
        }
        claims.put(DcapClaimNames.CCEL_REPLAYED, all);
        claims.put(DcapClaimNames.CCEL_EVENTS, events);
    }
}
