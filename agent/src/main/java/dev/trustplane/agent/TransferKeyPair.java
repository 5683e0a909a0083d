package dev.trustplane.agent;

import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.UUID;

/**
 * The workload's ephemeral transfer key: RSA-2048 generated in the TEE's memory, never written anywhere. Its
 * public half goes into the runtime data as {@code {"keys":[JWK with use "enc"]}} — the shape Key Vault's release
 * looks for in the token's {@code x-ms-runtime.keys} — and released keys come back wrapped to it.
 */
public final class TransferKeyPair {
    private final KeyPair pair;
    private final String kid;

    private TransferKeyPair(KeyPair pair, String kid) {
        this.pair = pair;
        this.kid = kid;
    }

    public static TransferKeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return new TransferKeyPair(g.generateKeyPair(), "transfer-" + UUID.randomUUID());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-2048 key generation is mandatory in every JDK", e);
        }
    }

    /** The runtime data to bind: UTF-8 JSON {@code {"keys":[{kty,kid,use:"enc",n,e}]}}. */
    public byte[] runtimeData() {
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).keyUse(KeyUse.ENCRYPTION).build();
        return ("{\"keys\":[" + jwk.toJSONString() + "]}").getBytes(StandardCharsets.UTF_8);
    }

    public String kid() {
        return kid;
    }

    RSAPrivateKey privateKey() {
        return (RSAPrivateKey) pair.getPrivate();
    }

    @Override
    public String toString() {
        return "TransferKeyPair[" + kid + "]";
    }
}
