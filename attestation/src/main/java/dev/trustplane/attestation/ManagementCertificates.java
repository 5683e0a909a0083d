package dev.trustplane.attestation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import dev.trustplane.attestation.internal.JsonSupport;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The representations of a policy-management certificate on Azure Attestation's wire (MAA-API.md §2.2/§2.3): its
 * thumbprint, its JWK, and the body of a {@code /certificates:add|:remove} request.
 *
 * <p>Thumbprint: uppercase hex SHA-1 of the DER certificate — the certificate-thumbprint convention of the
 * Windows/.NET platform MAA runs on, which its {@code x-ms-certificate-thumbprint} claim carries. SHA-1 serves as
 * a name here, never as a security check: certificates are compared byte for byte.
 */
public final class ManagementCertificates {
    private ManagementCertificates() {}

    /** @return uppercase hex SHA-1 of the DER encoding */
    public static String thumbprint(X509Certificate cert) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a parsed certificate", e);
        }
    }

    /**
     * The certificate as a public JWK with {@code kid} = thumbprint and {@code x5c}: what {@code GET /certificates}
     * lists and what {@code x-ms-policy-signer} carries.
     */
    public static Map<String, Object> jwk(X509Certificate cert) {
        try {
            Map<String, Object> m = new LinkedHashMap<>(JWK.parse(cert).toPublicJWK().toJSONObject());
            m.put("kid", thumbprint(cert));
            m.put("x5c", List.of(Base64.getEncoder().encodeToString(cert.getEncoded())));
            return m;
        } catch (JOSEException | CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate's key cannot be expressed as a JWK", e);
        }
    }

    /**
     * The certificate named by an add/remove request's payload, {@code {"policyCertificate": {"x5c": [b64 DER],
     * ...}}} (the SDKs send {@code kty: "X.509"} beside it; only {@code x5c[0]} identifies the certificate).
     *
     * @throws PolicyUploadException naming what is missing
     */
    public static X509Certificate fromManagementBody(String payload) {
        Map<String, Object> body;
        try {
            Object parsed = JsonSupport.reader(16, 1024 * 1024).readValue(payload, Object.class);
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new PolicyUploadException("the request payload is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            body = typed;
        } catch (PolicyUploadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PolicyUploadException("the request payload is not JSON");
        }
        if (!(body.get("policyCertificate") instanceof Map<?, ?> jwk)) {
            throw new PolicyUploadException("the request payload has no \"policyCertificate\" object");
        }
        if (!(jwk.get("x5c") instanceof List<?> x5c) || x5c.isEmpty() || !(x5c.getFirst() instanceof String first)) {
            throw new PolicyUploadException("policyCertificate has no x5c certificate");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(first);
        } catch (IllegalArgumentException e) {
            throw new PolicyUploadException("policyCertificate.x5c[0] is not base64");
        }
        return SignedRequest.certificate(der, "policyCertificate.x5c[0]");
    }
}
