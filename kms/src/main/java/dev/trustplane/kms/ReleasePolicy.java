package dev.trustplane.kms;

import java.util.Objects;

/**
 * A key's release policy as Key Vault carries it: content type, the immutable flag and the policy document
 * bytes ({@code data}: the JSON document itself, already decoded from the wire's base64url). Stored byte for
 * byte as given; create, import and update first check the document against the grammar
 * ({@link dev.trustplane.kms.release.KeyReleasePolicy#parse}), which is also what release evaluates.
 */
public record ReleasePolicy(String contentType, boolean immutable, byte[] data) {
    public static final String DEFAULT_CONTENT_TYPE = "application/json; charset=utf-8";
    /** Largest policy document accepted. */
    public static final int MAX_DATA = 64 * 1024;

    public ReleasePolicy {
        contentType = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
        Objects.requireNonNull(data, "data");
        if (data.length > MAX_DATA) {
            throw KmsException.badParameter("The release policy is larger than " + MAX_DATA + " bytes.");
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
