package dev.trustplane.agent.evidence;

/**
 * Where a workload gets its attestation evidence: a TEE interface of the machine it runs on, or the
 * simulator.
 *
 * <p>Guarantees: {@link #collect} returns evidence whose report data (SNP REPORT_DATA, TDX REPORTDATA, or
 * for Azure CVMs the vTPM user data and the quote's qualifying data) is exactly the 64 bytes given, produced
 * by one complete, uncontested request; a partial read, a request raced by another writer, or output of the
 * wrong size is an {@link EvidenceCollectionException}, never evidence. Nothing is cached between calls.
 * Implementations are safe to call from several threads (requests are serialised where the interface
 * requires it).
 */
public interface EvidenceSource {

    /** Report data length every TEE interface takes. */
    int REPORT_DATA_LENGTH = 64;

    /**
     * Collects fresh evidence binding {@code reportData}.
     *
     * @param reportData exactly 64 bytes, usually SHA-256 of the runtime data zero-padded
     * @throws EvidenceCollectionException naming the interface, field and reason
     */
    Evidence collect(byte[] reportData) throws EvidenceCollectionException;

    /** The TEE this source produces evidence for (never {@link Tee#AUTO}). */
    Tee tee();

    /** What this source reads, e.g. {@code configfs-tsm /sys/kernel/config/tsm/report (sev_guest)}. */
    String describe();

    /** Checks {@code reportData} is 64 bytes and returns a copy. */
    static byte[] checkReportData(byte[] reportData) throws EvidenceCollectionException {
        if (reportData == null || reportData.length != REPORT_DATA_LENGTH) {
            throw new EvidenceCollectionException(EvidenceCollectionException.Failure.INVALID_REQUEST,
                    "report data must be exactly 64 bytes, got " + (reportData == null ? "none" : reportData.length));
        }
        return reportData.clone();
    }
}
