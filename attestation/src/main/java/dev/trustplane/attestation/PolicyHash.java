package dev.trustplane.attestation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * {@code x-ms-policy-hash}: BASE64URL(SHA256(UTF8(BASE64URL(UTF8(policy text))))), as Azure Attestation
 * documents it ({@code claim-sets.md}, "x-ms-policy-hash"; MAA-API.md §2.3). BASE64URL is RFC 4648 §5 without
 * padding, as in JWS.
 */
public final class PolicyHash {
    private PolicyHash() {
    }

    /**
     * @param policyText the policy text
     * @return the hash as MAA puts it into tokens and response headers
     */
    public static String of(String policyText) {
        Base64.Encoder b64url = Base64.getUrlEncoder().withoutPadding();
        String inner = b64url.encodeToString(policyText.getBytes(StandardCharsets.UTF_8));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(inner.getBytes(StandardCharsets.UTF_8));
            return b64url.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
