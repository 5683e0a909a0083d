package dev.trustplane.kms.release;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * This server's own attestation service, trusted out of the box. Its tokens name the base URL the client used
 * as {@code iss}, which the server cannot know in advance, so this source vouches for any issuer — but only
 * for tokens whose {@code kid} is one of its own signing keys, so only tokens it signed itself verify.
 * The key set is read on each call, so a signing-key rollover is seen at once on the replica that made it, and on
 * the others as soon as their token keys refresh from the store (within a few seconds).
 */
public final class LocalSigningKeys implements SigningKeys {
    private final Supplier<JWKSet> keys;

    public LocalSigningKeys(Supplier<JWKSet> keys) {
        this.keys = keys;
    }

    @Override
    public Optional<List<JWK>> candidates(String issuer, JWSHeader header) {
        if (header.getKeyID() == null) {
            return Optional.empty();
        }
        JWK key = keys.get().getKeyByKeyId(header.getKeyID());
        return key == null ? Optional.empty() : Optional.of(List.of(key));
    }
}
