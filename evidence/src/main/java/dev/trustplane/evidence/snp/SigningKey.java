package dev.trustplane.evidence.snp;

import java.util.Optional;

/** Which key signed a report: the SIGNING_KEY field, bits 4:2 of the signer info at 0x048. */
public enum SigningKey {
    /** Versioned Chip Endorsement Key: per chip and TCB, certified by AMD with the chip's hwID. */
    VCEK(0),
    /** Versioned Loaded Endorsement Key: per cloud provider and TCB; no hwID in its certificate. */
    VLEK(1),
    /** The report is not signed (signature fields are zero). */
    NONE(7);

    private final int code;

    SigningKey(int code) {
        this.code = code;
    }

    /** The 3-bit field value. */
    public int code() {
        return code;
    }

    /** The key for a field value; empty for the reserved values 2..6. */
    public static Optional<SigningKey> fromCode(int code) {
        for (SigningKey k : values()) {
            if (k.code == code) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
