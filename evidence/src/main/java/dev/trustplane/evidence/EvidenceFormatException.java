package dev.trustplane.evidence;

import java.util.Objects;

/**
 * Evidence or collateral bytes could not be decoded.
 *
 * <p>Checked on purpose: every parser of untrusted bytes declares it, and callers turn it into an
 * {@link AppraisalResult} with the carried {@link #code()}. The message names the field and byte
 * offset but never echoes more than a few bytes of the input.
 */
public final class EvidenceFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ReasonCode code;
    private final String field;
    private final long offset;

    /**
     * @param code usually {@link ReasonCode#MALFORMED} or {@link ReasonCode#UNSUPPORTED_VERSION};
     *     {@link ReasonCode#COLLATERAL_UNAVAILABLE} for collateral that cannot be assembled
     * @param field the field (or file) at fault, e.g. {@code "VERSION"}
     * @param offset the byte offset of the field, or {@code -1} when not applicable
     * @param detail what is wrong, e.g. {@code "value 4 not in {2, 3, 5}"}
     */
    public EvidenceFormatException(ReasonCode code, String field, long offset, String detail) {
        super(format(field, offset, detail));
        this.code = Objects.requireNonNull(code, "code");
        this.field = Objects.requireNonNull(field, "field");
        this.offset = offset;
    }

    private static String format(String field, long offset, String detail) {
        return offset >= 0
                ? field + " at offset 0x" + Long.toHexString(offset) + ": " + detail
                : field + ": " + detail;
    }

    /** The reason code a verifier reports for this failure. */
    public ReasonCode code() {
        return code;
    }

    /** The field at fault. */
    public String field() {
        return field;
    }

    /** The byte offset of the field, or {@code -1}. */
    public long offset() {
        return offset;
    }

    /** This failure as an appraisal reason. */
    public Reason toReason() {
        return new Reason(code, getMessage());
    }
}
