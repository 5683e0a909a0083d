package dev.trustplane.server.kms;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import tools.jackson.databind.JsonNode;

/** JWK ↔ JDK key conversions for tests. */
final class JwkKeys {
    private JwkKeys() {}

    static RSAPublicKey rsa(JsonNode jwk) throws Exception {
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, KeysApi.unb64(jwk.path("n"))), new BigInteger(1, KeysApi.unb64(jwk.path("e")))));
    }

    static String privateJwk(RSAPrivateCrtKey k) {
        return "{\"kty\":\"RSA\",\"n\":\"" + u(k.getModulus()) + "\",\"e\":\"" + u(k.getPublicExponent()) + "\",\"d\":\""
                + u(k.getPrivateExponent()) + "\",\"p\":\"" + u(k.getPrimeP()) + "\",\"q\":\"" + u(k.getPrimeQ())
                + "\",\"dp\":\"" + u(k.getPrimeExponentP()) + "\",\"dq\":\"" + u(k.getPrimeExponentQ()) + "\",\"qi\":\""
                + u(k.getCrtCoefficient()) + "\"}";
    }

    static String u(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b[0] == 0 && b.length > 1) {
            b = java.util.Arrays.copyOfRange(b, 1, b.length);
        }
        return KeysApi.b64(b);
    }
}
