package dev.trustplane.server.securitydomain;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One officer's key as Managed HSM's download body carries it: a {@code SecurityDomainJsonWebKey} (kty RSA, n, e,
 * x5c with the officer's certificate, x5t#S256, kid, key_ops, alg). Checked so that the shares go where the
 * officer expects: the certificate's public key must be the n/e given, a given x5t#S256 must be the certificate's
 * SHA-256 thumbprint, and the modulus must be at least 2048 bits.
 *
 * @param key the officer's RSA public key
 * @param thumbprint the RFC 7638 JWK thumbprint (SHA-256, base64url) of that key: how an officer's share is found
 *                   again in the blob from the private key alone
 * @param x5tS256 the certificate's SHA-256 thumbprint (base64url)
 */
public record OfficerKey(RSAPublicKey key, String thumbprint, String x5tS256) {
    static final int MIN_BITS = 2048;

    /** Parses and checks {@code certificates[index]}. */
    static OfficerKey parse(JsonNode jwk, int index) {
        String where = "certificates[" + index + "]";
        if (!jwk.isObject()) {
            throw SecurityDomainException.bad(where + " must be a JSON Web Key object");
        }
        RSAKey rsa;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = dev.trustplane.server.http.Json.MAPPER.convertValue(jwk, Map.class);
            if (!"RSA".equals(map.get("kty"))) {
                throw SecurityDomainException.bad(where + ".kty must be RSA");
            }
            rsa = RSAKey.parse(map);
        } catch (ParseException e) {
            throw SecurityDomainException.bad(where + " is not a valid RSA JSON Web Key: " + e.getMessage());
        }
        if (rsa.isPrivate()) {
            throw SecurityDomainException.bad(where + " contains private key parameters; send only the public key");
        }
        if (rsa.getX509CertChain() == null || rsa.getX509CertChain().isEmpty()) {
            throw SecurityDomainException.bad(where + ".x5c is required (the officer's certificate)");
        }
        X509Certificate cert = rsa.getParsedX509CertChain().getFirst();
        RSAPublicKey key;
        try {
            key = rsa.toRSAPublicKey();
        } catch (JOSEException e) {
            throw SecurityDomainException.bad(where + " has an unusable RSA public key");
        }
        if (!cert.getPublicKey().equals(key)) {
            throw SecurityDomainException.bad(where + ": the certificate in x5c is for a different key than n/e");
        }
        if (key.getModulus().bitLength() < MIN_BITS) {
            throw SecurityDomainException.bad(where + ": the key must have at least " + MIN_BITS + " bits");
        }
        String certThumbprint;
        try {
            certThumbprint = Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())).toString();
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw SecurityDomainException.bad(where + ".x5c cannot be encoded");
        }
        if (rsa.getX509CertSHA256Thumbprint() != null && !rsa.getX509CertSHA256Thumbprint().toString().equals(certThumbprint)) {
            throw SecurityDomainException.bad(where + ".x5t#S256 is not the SHA-256 thumbprint of the certificate in x5c");
        }
        if (rsa.getKeyType() != KeyType.RSA) {
            throw SecurityDomainException.bad(where + ".kty must be RSA");
        }
        return new OfficerKey(key, thumbprint(key), certThumbprint);
    }

    /** RFC 7638 thumbprint of an RSA public key. */
    public static String thumbprint(RSAPublicKey key) {
        try {
            return new RSAKey.Builder(key).build().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** The JWK Managed HSM's download body expects, for a certificate (what {@code trustplane sd officer-jwk} prints). */
    public static Map<String, Object> jwkOf(X509Certificate cert) {
        try {
            RSAKey rsa = RSAKey.parse(cert);
            return new RSAKey.Builder(rsa).keyID(thumbprint(rsa.toRSAPublicKey()))
                    .keyOperations(java.util.Set.of(com.nimbusds.jose.jwk.KeyOperation.WRAP_KEY))
                    .algorithm(com.nimbusds.jose.JWEAlgorithm.RSA_OAEP_256)
                    .keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION)
                    .x509CertSHA256Thumbprint(Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())))
                    .build().toJSONObject();
        } catch (JOSEException | NoSuchAlgorithmException | CertificateEncodingException e) {
            throw SecurityDomainException.bad("the certificate does not hold a usable RSA key: " + e.getMessage());
        }
    }
}
