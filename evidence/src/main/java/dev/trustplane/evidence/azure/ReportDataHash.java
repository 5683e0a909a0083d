package dev.trustplane.evidence.azure;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** IGVM report_data_hash_type: the hash of the runtime data that the hardware report carries. */
public enum ReportDataHash {
    SHA256(1, "SHA-256"),
    SHA384(2, "SHA-384"),
    SHA512(3, "SHA-512");

    private final int id;
    private final String jcaName;

    ReportDataHash(int id, String jcaName) {
        this.id = id;
        this.jcaName = jcaName;
    }

    public int id() {
        return id;
    }

    public byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(jcaName).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + jcaName, e);
        }
    }

    static Optional<ReportDataHash> fromId(long id) {
        for (ReportDataHash h : values()) {
            if (h.id == id) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}
