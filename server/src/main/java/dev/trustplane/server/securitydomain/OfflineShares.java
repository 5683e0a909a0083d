package dev.trustplane.server.securitydomain;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import dev.trustplane.server.http.Json;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What an officer does offline during a recovery ({@code trustplane sd decrypt-share}): find their share in the
 * blob by their key's thumbprint, decrypt it with their private key, and encrypt it again to the recovering
 * server's exchange key. The share's plaintext exists only in this process's memory, never in a file.
 */
public final class OfflineShares {
    private OfflineShares() {}

    /**
     * @param transferKey the exchange key: the JWK itself, or the whole {@code GET /securitydomain/upload} answer
     * @return the share as a compact JWE to the exchange key, for {@link RestoreValue#shares()}
     */
    public static String reencrypt(DomainBlob blob, RSAPrivateCrtKey officer, JsonNode transferKey) {
        String thumbprint = OfficerKey.thumbprint(publicOf(officer));
        var share = blob.shares().stream().filter(s -> s.jkt().equals(thumbprint)).findFirst()
                .orElseThrow(() -> SecurityDomainException.bad("The blob holds no share for this officer key (thumbprint "
                        + thumbprint + ")"));
        var plain = ShareCrypto.decrypt(share.jwe(), officer, "the officer's share");
        if (!plain.domainId().equals(blob.domainId())) {
            throw SecurityDomainException.bad("the officer's share belongs to domain " + plain.domainId()
                    + ", not to the blob's domain " + blob.domainId());
        }
        RSAKey exchange = exchangeKey(transferKey);
        try {
            return ShareCrypto.encrypt(plain, exchange.toRSAPublicKey(), exchange.getKeyID());
        } catch (JOSEException e) {
            throw SecurityDomainException.bad("the exchange key is not a usable RSA key");
        }
    }

    private static RSAKey exchangeKey(JsonNode node) {
        JsonNode jwk = node.has("transfer_key") ? node.path("transfer_key") : node;
        if (jwk.isString()) {
            try {
                jwk = Json.MAPPER.readTree(jwk.asString());
            } catch (tools.jackson.core.JacksonException e) {
                throw SecurityDomainException.bad("transfer_key is not JSON");
            }
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = Json.MAPPER.convertValue(jwk, Map.class);
            RSAKey key = RSAKey.parse(map);
            if (key.isPrivate() || key.getModulus().decode().length * 8 < OfficerKey.MIN_BITS) {
                throw SecurityDomainException.bad("the exchange key must be a public RSA key of at least "
                        + OfficerKey.MIN_BITS + " bits");
            }
            return key;
        } catch (ParseException | IllegalArgumentException e) {
            throw SecurityDomainException.bad("the exchange key is not an RSA JSON Web Key");
        }
    }

    private static RSAPublicKey publicOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }
}
