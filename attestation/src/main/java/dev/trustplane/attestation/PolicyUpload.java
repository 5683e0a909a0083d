package dev.trustplane.attestation;

import dev.trustplane.attestation.internal.JsonSupport;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A policy as uploaded with {@code PUT /policies/{type}}: plain text, an unsigned JWT ({@code alg: none}) or a
 * JWS, whose payload is {@code {"AttestationPolicy": base64url(policy text)}} ({@code author-sign-policy.md},
 * {@code policy-examples.md}; MAA-API.md §2.3). This class only splits and decodes; verifying a JWS signature
 * against the registered policy-management certificates is the caller's job (over {@link #signingInput()}).
 *
 * <p>{@code AttestationPolicy} is decoded from base64url when it consists only of base64url characters; otherwise
 * it is taken as the policy text itself, which is what the signed example in an earlier version of
 * {@code policy-examples.md} carries. (Policy text always contains {@code =} or {@code ;}, so the two cannot
 * be confused.)
 *
 * @param form how the policy was sent
 * @param policyText the policy text
 * @param headerJson the JOSE header as JSON text, or null for {@link Form#TEXT}
 * @param header the JOSE header's members, or an empty map for {@link Form#TEXT}
 * @param signingInput {@code BASE64URL(header) '.' BASE64URL(payload)} as received, or null for text
 * @param signature the decoded signature (empty for text and unsigned JWTs)
 */
public record PolicyUpload(
        Form form, String policyText, String headerJson, Map<String, Object> header, String signingInput, byte[] signature) {

    private static final Pattern B64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int MAX_BODY = 1024 * 1024;

    /** The three forms MAA accepts. */
    public enum Form {
        /** The policy text itself. */
        TEXT,
        /** A JWT with {@code alg: none} and an empty signature. */
        UNSIGNED_JWT,
        /** A JWS signed by a policy-management key; verify before trusting. */
        SIGNED_JWS
    }

    /** Copies the header and signature. */
    public PolicyUpload {
        header = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(header));
        signature = signature.clone();
    }

    /** @return the signature bytes (a copy) */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * @param body the request body (or the {@code policy} member of a request), trimmed of surrounding space
     * @return the split and decoded upload
     * @throws PolicyUploadException when a JWT's parts do not decode or carry no {@code AttestationPolicy}
     */
    public static PolicyUpload parse(String body) {
        String b = body.strip();
        if (b.length() > MAX_BODY) {
            throw new PolicyUploadException("policy upload larger than " + MAX_BODY + " characters");
        }
        String[] parts = b.split("\\.", -1);
        if (parts.length != 3 || !B64URL.matcher(parts[0]).matches() || !B64URL.matcher(parts[1]).matches()) {
            return new PolicyUpload(Form.TEXT, b, null, Map.of(), null, new byte[0]);
        }
        String headerJson = utf8(decode(parts[0], "header"), "header");
        Map<String, Object> header = object(headerJson, "header");
        if (!(header.get("alg") instanceof String alg)) {
            throw new PolicyUploadException("policy JWT header has no \"alg\"");
        }
        Map<String, Object> payload = object(utf8(decode(parts[1], "payload"), "payload"), "payload");
        if (!(payload.get("AttestationPolicy") instanceof String encoded) || encoded.isEmpty()) {
            throw new PolicyUploadException("policy JWT payload has no \"AttestationPolicy\" string");
        }
        String text = B64URL.matcher(encoded).matches() ? utf8(decode(encoded, "AttestationPolicy"), "AttestationPolicy") : encoded;
        byte[] sig = parts[2].isEmpty() ? new byte[0] : decode(parts[2], "signature");
        boolean unsigned = alg.equals("none");
        if (unsigned != (sig.length == 0)) {
            throw new PolicyUploadException(unsigned ? "unsigned policy JWT (alg none) must have an empty signature"
                    : "signed policy JWS (alg " + alg + ") has no signature");
        }
        return new PolicyUpload(unsigned ? Form.UNSIGNED_JWT : Form.SIGNED_JWS, text, headerJson, header,
                parts[0] + "." + parts[1], sig);
    }

    private static byte[] decode(String s, String what) {
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new PolicyUploadException("policy JWT " + what + " is not base64url");
        }
    }

    private static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyUploadException("policy JWT " + what + " is not UTF-8");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json, String what) {
        Object parsed;
        try {
            parsed = JsonSupport.reader(32, MAX_BODY).readValue(json, Object.class);
        } catch (RuntimeException e) {
            throw new PolicyUploadException("policy JWT " + what + " is not JSON");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new PolicyUploadException("policy JWT " + what + " is not a JSON object");
        }
        return (Map<String, Object>) map;
    }
}
