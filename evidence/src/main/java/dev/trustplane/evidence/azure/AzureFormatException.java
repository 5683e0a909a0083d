package dev.trustplane.evidence.azure;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;

/**
 * Azure CVM evidence could not be parsed. Names the field that failed and the byte offset (from
 * the start of the HCL report, the bincode quote, or the runtime-data JSON as stated in the field
 * name) where it failed; offset is -1 for JSON container fields that have no byte position.
 */
public final class AzureFormatException extends Exception {

    private final String field;
    private final String problem;
    private final long offset;

    public AzureFormatException(String field, long offset, String problem) {
        super(field + (offset >= 0 ? " at offset " + offset : "") + ": " + problem);
        this.field = field;
        this.problem = problem;
        this.offset = offset;
    }

    public AzureFormatException(String field, long offset, String problem, Throwable cause) {
        this(field, offset, problem);
        initCause(cause);
    }

    public String field() {
        return field;
    }

    public long offset() {
        return offset;
    }

    /** The same failure as the module-wide checked exception, code {@link ReasonCode#MALFORMED}. */
    public EvidenceFormatException toEvidenceFormatException() {
        return new EvidenceFormatException(ReasonCode.MALFORMED, field, offset, problem);
    }
}
