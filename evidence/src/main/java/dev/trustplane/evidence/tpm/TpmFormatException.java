package dev.trustplane.evidence.tpm;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;

/**
 * A TPM structure could not be parsed. Names the structure field that failed and the byte offset
 * (from the start of the buffer handed to the parser) where it failed, so that a caller can point
 * at the exact bad byte. The message never contains key material or whole buffers.
 */
public final class TpmFormatException extends Exception {

    private final String field;
    private final String problem;
    private final int offset;

    public TpmFormatException(String field, int offset, String problem) {
        super(field + (offset >= 0 ? " at offset " + offset : "") + ": " + problem);
        this.field = field;
        this.problem = problem;
        this.offset = offset;
    }

    /** Dotted path of the field that failed, e.g. {@code TPMS_ATTEST.extraData}. */
    public String field() {
        return field;
    }

    /** Byte offset of the failing field from the start of the parsed buffer; -1 if not positional. */
    public int offset() {
        return offset;
    }

    /** The same failure with its offset moved by {@code delta}, for a structure nested in a larger buffer. */
    TpmFormatException shifted(int delta) {
        return new TpmFormatException(field, offset < 0 ? offset : offset + delta, problem);
    }

    /** The same failure as the module-wide checked exception, code {@link ReasonCode#MALFORMED}. */
    public EvidenceFormatException toEvidenceFormatException() {
        return new EvidenceFormatException(ReasonCode.MALFORMED, field, offset, problem);
    }
}
