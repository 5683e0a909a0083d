package dev.trustplane.server.securitydomain;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import dev.trustplane.server.http.Json;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How one Shamir share travels: a compact JWE (RFC 7516), {@code alg} RSA-OAEP-256 (RSAES-OAEP with SHA-256 and
 * MGF1-SHA-256) wrapping a fresh content key, {@code enc} A256GCM, to exactly one RSA key — an officer's
 * certificate key in the downloaded blob, the server's exchange key in an upload. The protected header (which
 * GCM authenticates) names the security domain, so a share cannot be moved to another domain unnoticed.
 *
 * <p>Managed HSM's shares are compact JWEs with RSA-OAEP-256 too but A256CBC-HS512 content encryption; A256GCM is
 * chosen here as the one AEAD the rest of Trustplane uses. The plaintext is JSON
 * {@code {"domain_id","required","x","y"}} with {@code y} base64url.
 */
public final class ShareCrypto {
    static final String DOMAIN_HEADER = "trustplane_sd";
    private static final Set<JWEAlgorithm> ALGS = Set.of(JWEAlgorithm.RSA_OAEP_256);

    /** A decrypted share with the domain it belongs to and the quorum it was made for. */
    public record SharePlain(String domainId, int required, Shamir.Share share) {
        @Override
        public String toString() {
            return "SharePlain[domain=" + domainId + ", required=" + required + ", x=" + share.x() + "]";
        }
    }

    private ShareCrypto() {}

    /** Encrypts {@code share} to {@code recipient}; {@code kid} names the recipient key in the header. */
    public static String encrypt(SharePlain share, RSAPublicKey recipient, String kid) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("domain_id", share.domainId());
        json.put("required", share.required());
        json.put("x", share.share().x());
        byte[] y = share.share().y();
        json.put("y", Base64.getUrlEncoder().withoutPadding().encodeToString(y));
        Arrays.fill(y, (byte) 0);
        byte[] plain = Json.MAPPER.writeValueAsBytes(json);
        try {
            var header = new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM)
                    .keyID(kid).customParam(DOMAIN_HEADER, share.domainId()).build();
            JWEObject jwe = new JWEObject(header, new Payload(plain));
            jwe.encrypt(new RSAEncrypter(recipient));
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encrypt a share: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Decrypts a share with {@code key}.
     *
     * @param what names the share in error messages, e.g. {@code shares[2]}
     * @throws SecurityDomainException BadParameter naming {@code what} when it is not a share for this key
     */
    public static SharePlain decrypt(String compact, RSAPrivateKey key, String what) {
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(compact.strip());
        } catch (ParseException e) {
            throw SecurityDomainException.bad(what + " is not a compact JWE: " + e.getMessage());
        }
        if (!ALGS.contains(jwe.getHeader().getAlgorithm()) || !EncryptionMethod.A256GCM.equals(jwe.getHeader().getEncryptionMethod())) {
            throw SecurityDomainException.bad(what + " must use alg RSA-OAEP-256 and enc A256GCM, not "
                    + jwe.getHeader().getAlgorithm() + "/" + jwe.getHeader().getEncryptionMethod());
        }
        try {
            jwe.decrypt(new RSADecrypter(key));
        } catch (JOSEException e) {
            throw SecurityDomainException.bad(what + " does not decrypt with the expected key (it was encrypted to "
                    + "another key, or altered)");
        }
        byte[] plain = jwe.getPayload().toBytes();
        try {
            JsonNode json = Json.MAPPER.readTree(plain);
            String domain = text(json, "domain_id", what);
            Object headerDomain = jwe.getHeader().getCustomParam(DOMAIN_HEADER);
            if (!domain.equals(headerDomain)) {
                throw SecurityDomainException.bad(what + ": the protected header and the payload name different domains");
            }
            int required = json.path("required").asInt(0);
            int x = json.path("x").asInt(0);
            if (required < 2 || required > 10 || x < 1 || x > 10) {
                throw SecurityDomainException.bad(what + ": required must be 2..10 and x 1..10");
            }
            byte[] y = Base64.getUrlDecoder().decode(text(json, "y", what));
            try {
                return new SharePlain(domain, required, new Shamir.Share(x, y));
            } finally {
                Arrays.fill(y, (byte) 0);
            }
        } catch (JacksonException | IllegalArgumentException e) {
            throw SecurityDomainException.bad(what + ": the decrypted share is malformed");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static String text(JsonNode json, String field, String what) {
        JsonNode node = json.path(field);
        if (!node.isString() || node.asString().isEmpty()) {
            throw SecurityDomainException.bad(what + ": the decrypted share has no " + field);
        }
        return node.asString();
    }
}
