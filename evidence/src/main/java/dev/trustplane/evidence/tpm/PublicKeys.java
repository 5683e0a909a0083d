package dev.trustplane.evidence.tpm;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns external key encodings (SubjectPublicKeyInfo DER, PEM, JWK) into JCA public keys. Bouncy
 * Castle is used only to read the SPKI algorithm identifier; key construction is JCA. Every failure
 * is a {@link TpmFormatException} naming the encoding and field; offsets are -1 (not positional)
 * except for DER.
 */
final class PublicKeys {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RSA_OID = "1.2.840.113549.1.1.1";
    private static final String EC_OID = "1.2.840.10045.2.1";
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PublicKeys() {}

    static PublicKey fromSpki(byte[] der) throws TpmFormatException {
        String oid;
        try {
            ASN1ObjectIdentifier alg = SubjectPublicKeyInfo.getInstance(der).getAlgorithm().getAlgorithm();
            oid = alg.getId();
        } catch (RuntimeException e) {
            throw new TpmFormatException("SubjectPublicKeyInfo", 0, "not a DER SubjectPublicKeyInfo");
        }
        String keyAlg = switch (oid) {
            case RSA_OID -> "RSA";
            case EC_OID -> "EC";
            default -> throw new TpmFormatException("SubjectPublicKeyInfo.algorithm", 0, "unsupported key algorithm " + oid);
        };
        try {
            return KeyFactory.getInstance(keyAlg).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new TpmFormatException("SubjectPublicKeyInfo.subjectPublicKey", 0, "invalid " + keyAlg + " key");
        }
    }

    static PublicKey fromPem(String pem) throws TpmFormatException {
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new TpmFormatException("PEM", -1, "no PEM block found");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new TpmFormatException("PEM", -1, "invalid base64 body");
        }
        return switch (m.group(1)) {
            case "PUBLIC KEY" -> fromSpki(der);
            case "CERTIFICATE" -> fromCertificate(der);
            default -> throw new TpmFormatException("PEM", -1, "unsupported PEM type " + m.group(1));
        };
    }

    private static PublicKey fromCertificate(byte[] der) throws TpmFormatException {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TpmFormatException("PEM.CERTIFICATE", -1, "not a valid X.509 certificate");
        }
    }

    static PublicKey fromJwk(String json) throws TpmFormatException {
        JsonNode jwk;
        try {
            jwk = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new TpmFormatException("JWK", -1, "not valid JSON");
        }
        return fromJwk(jwk);
    }

    static PublicKey fromJwk(JsonNode jwk) throws TpmFormatException {
        if (jwk == null || !jwk.isObject()) {
            throw new TpmFormatException("JWK", -1, "not a JSON object");
        }
        String kty = member(jwk, "kty");
        return switch (kty) {
            case "RSA" -> rsa(b64url(jwk, "n"), b64url(jwk, "e"));
            case "EC" -> {
                String crv = member(jwk, "crv");
                EcCurves curve = EcCurves.byJwkName(crv).orElseThrow(
                        () -> new TpmFormatException("JWK.crv", -1, "unsupported curve " + crv));
                yield curve.publicKey(b64url(jwk, "x"), b64url(jwk, "y")).orElseThrow(
                        () -> new TpmFormatException("JWK.x", -1, "point is not on " + crv));
            }
            default -> throw new TpmFormatException("JWK.kty", -1, "unsupported key type " + kty);
        };
    }

    private static PublicKey rsa(byte[] n, byte[] e) throws TpmFormatException {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(new BigInteger(1, n), new BigInteger(1, e)));
        } catch (GeneralSecurityException ex) {
            throw new TpmFormatException("JWK.n", -1, "invalid RSA key");
        }
    }

    private static String member(JsonNode jwk, String name) throws TpmFormatException {
        JsonNode v = jwk.get(name);
        if (v == null || !v.isString()) {
            throw new TpmFormatException("JWK." + name, -1, "missing or not a string");
        }
        return v.stringValue();
    }

    private static byte[] b64url(JsonNode jwk, String name) throws TpmFormatException {
        String s = member(jwk, name);
        try {
            byte[] out = Base64.getUrlDecoder().decode(s);
            if (out.length == 0) {
                throw new TpmFormatException("JWK." + name, -1, "empty value");
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw new TpmFormatException("JWK." + name, -1, "not base64url");
        }
    }
}
