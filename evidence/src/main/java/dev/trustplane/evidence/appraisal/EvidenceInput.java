package dev.trustplane.evidence.appraisal;

import java.util.Objects;

/**
 * One blob handed to {@link EvidenceAppraiser}, with a name for messages (a file name, or
 * {@code "input 1"}). The bytes are copied in and never modified.
 *
 * @param name how messages refer to this input
 * @param bytes the content
 */
public record EvidenceInput(String name, byte[] bytes) {
    public EvidenceInput {
        Objects.requireNonNull(name, "name");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return name + " (" + bytes.length + " bytes)";
    }
}
