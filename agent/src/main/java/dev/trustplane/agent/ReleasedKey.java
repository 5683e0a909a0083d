package dev.trustplane.agent;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A key obtained by secure key release, opened inside the workload: the response ({@code {"value": JWS}} of
 * {@code POST /keys/{name}/release}) is checked — signature by {@code x5c[0]}, that certificate trusted per
 * {@link ReleaseResponseTrust} — and its {@code key_hsm} envelope is unwrapped with the workload's transfer
 * (private) key: RSA-OAEP of an AES key (SHA-1, SHA-256 or SHA-384 per {@code enc}), then RFC 5649 AES key
 * unwrap of the key material (PKCS#8 for RSA and EC, raw bytes for oct).
 *
 * <p>Works with Trustplane and with Azure Key Vault / Managed HSM responses alike. The key lives only in this
 * object's JCA key; nothing is written anywhere. {@link #toString()} names the key, never its material.
 */
public final class ReleasedKey {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

    private final String kid;
    private final String kty;
    private final String transferKeyId;
    private final Optional<String> nonce;
    private final Key key;

    private ReleasedKey(String kid, String kty, String transferKeyId, Optional<String> nonce, Key key) {
        this.kid = kid;
        this.kty = kty;
        this.transferKeyId = transferKeyId;
        this.nonce = nonce;
        this.key = key;
    }

    /**
     * Verifies and opens a release response.
     *
     * @param response the JWS (the {@code value} of the release response)
     * @param transferKey the private half of the key the workload put in its attestation's runtime data
     * @param trust which signers to accept
     */
    public static ReleasedKey open(String response, RSAPrivateKey transferKey, ReleaseResponseTrust trust)
            throws ReleaseResponseException {
        JWSObject jws;
        try {
            jws = JWSObject.parse(response.strip());
        } catch (ParseException e) {
            throw new ReleaseResponseException("the release response is not a compact JWS");
        }
        if (!ALGORITHMS.contains(jws.getHeader().getAlgorithm())) {
            throw new ReleaseResponseException("the release response uses algorithm " + jws.getHeader().getAlgorithm()
                    + "; expected RS256/384/512 or PS256/384/512");
        }
        List<X509Certificate> chain = chain(jws.getHeader().getX509CertChain());
        trust.check(chain);
        try {
            if (!(chain.getFirst().getPublicKey() instanceof RSAPublicKey signer) || !jws.verify(new RSASSAVerifier(signer))) {
                throw new ReleaseResponseException("the release response's signature does not verify with x5c[0]");
            }
        } catch (JOSEException e) {
            throw new ReleaseResponseException("the release response's signature cannot be checked", e);
        }
        Map<String, Object> payload = jws.getPayload().toJSONObject();
        if (payload == null) {
            throw new ReleaseResponseException("the release response's payload is not JSON");
        }
        Map<String, Object> bundle = object(object(payload, "response"), "key");
        Map<String, Object> jwk = object(bundle, "key");
        String kid = string(jwk, "kid");
        String kty = string(jwk, "kty");
        Optional<String> nonce = Optional.ofNullable(object(payload, "request").get("nonce")).map(String::valueOf);
        Envelope envelope = Envelope.parse(string(jwk, "key_hsm"));
        byte[] material = envelope.unwrap(transferKey);
        try {
            return new ReleasedKey(kid, kty, envelope.kid(), nonce, toKey(kty, material));
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /** A key as if released (tests of code that holds released keys). */
    static ReleasedKey of(String kid, String kty, Key key) {
        return new ReleasedKey(kid, kty, "test", Optional.empty(), key);
    }

    /** The released key's id ({@code https://HOST/keys/NAME/VERSION}). */
    public String kid() {
        return kid;
    }

    /** {@code RSA}, {@code RSA-HSM}, {@code EC}, {@code EC-HSM}, {@code oct} or {@code oct-HSM}. */
    public String keyType() {
        return kty;
    }

    /** The id of the transfer key the envelope was wrapped to. */
    public String transferKeyId() {
        return transferKeyId;
    }

    /** The nonce of the release request, as the service echoed it. */
    public Optional<String> nonce() {
        return nonce;
    }

    /** The key: an RSA or EC {@link java.security.PrivateKey}, or an AES {@link javax.crypto.SecretKey}. */
    public Key key() {
        return key;
    }

    @Override
    public String toString() {
        return "ReleasedKey[" + kid + ", " + kty + "]";
    }

    private static Key toKey(String kty, byte[] material) throws ReleaseResponseException {
        try {
            return switch (kty) {
                case "RSA", "RSA-HSM" -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(material));
                case "EC", "EC-HSM" -> ecKey(material);
                case "oct", "oct-HSM" -> new SecretKeySpec(material, "AES");
                default -> throw new ReleaseResponseException("unsupported released key type '" + kty + "'");
            };
        } catch (GeneralSecurityException e) {
            throw new ReleaseResponseException("the released " + kty + " key material does not parse", e);
        }
    }

    private static Key ecKey(byte[] pkcs8) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            // secp256k1 (P-256K): gone from the JDK's providers, still in Bouncy Castle.
            return KeyFactory.getInstance("EC", new BouncyCastleProvider()).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        }
    }

    private static List<X509Certificate> chain(List<Base64> x5c) throws ReleaseResponseException {
        if (x5c == null || x5c.isEmpty()) {
            throw new ReleaseResponseException("the release response carries no x5c certificate chain");
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (Base64 der : x5c) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der.decode())));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new ReleaseResponseException("the release response's x5c does not parse", e);
        }
    }

    static Map<String, Object> object(Map<String, Object> parent, String field) throws ReleaseResponseException {
        if (parent.get(field) instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>) m;
            return out;
        }
        throw new ReleaseResponseException("the release response has no '" + field + "' object");
    }

    static String string(Map<String, Object> parent, String field) throws ReleaseResponseException {
        if (parent.get(field) instanceof String s) {
            return s;
        }
        throw new ReleaseResponseException("the release response has no '" + field + "' string");
    }

    /** The {@code key_hsm} envelope. */
    record Envelope(String kid, String enc, byte[] ciphertext) {
        static Envelope parse(String keyHsm) throws ReleaseResponseException {
            Map<String, Object> json;
            try {
                json = JSONObjectUtils.parse(new String(new Base64URL(keyHsm).decode(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (ParseException e) {
                throw new ReleaseResponseException("key_hsm is not base64url JSON");
            }
            if (!"1.0".equals(json.get("schema_version"))) {
                throw new ReleaseResponseException("key_hsm schema_version is not 1.0");
            }
            Map<String, Object> header = object(json, "header");
            if (!"dir".equals(header.get("alg"))) {
                throw new ReleaseResponseException("key_hsm header alg is not 'dir'");
            }
            return new Envelope(string(header, "kid"), string(header, "enc"),
                    new Base64URL(string(json, "ciphertext")).decode());
        }

        byte[] unwrap(RSAPrivateKey transferKey) throws ReleaseResponseException {
            MGF1ParameterSpec mgf = switch (enc) {
                case "CKM_RSA_AES_KEY_WRAP" -> MGF1ParameterSpec.SHA1;
                case "RSA_AES_KEY_WRAP_256" -> MGF1ParameterSpec.SHA256;
                case "RSA_AES_KEY_WRAP_384" -> MGF1ParameterSpec.SHA384;
                default -> throw new ReleaseResponseException("unsupported key_hsm enc '" + enc + "'");
            };
            int head = (transferKey.getModulus().bitLength() + 7) / 8;
            if (ciphertext.length <= head + 8) {
                throw new ReleaseResponseException("key_hsm ciphertext is too short for a " + head * 8 + "-bit transfer key");
            }
            byte[] aesKey = null;
            try {
                Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
                rsa.init(Cipher.DECRYPT_MODE, transferKey, new OAEPParameterSpec(mgf.getDigestAlgorithm(), "MGF1", mgf,
                        PSource.PSpecified.DEFAULT));
                aesKey = rsa.doFinal(ciphertext, 0, head);
                Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
                kwp.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
                return kwp.doFinal(ciphertext, head, ciphertext.length - head);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new ReleaseResponseException("key_hsm does not unwrap with this transfer key (" + enc + ")", e);
            } finally {
                if (aesKey != null) {
                    Arrays.fill(aesKey, (byte) 0);
                }
            }
        }
    }
}
