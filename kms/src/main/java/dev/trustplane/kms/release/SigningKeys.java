package dev.trustplane.kms.release;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import java.util.List;
import java.util.Optional;

/** A source of attestation-token signing keys that vouches for some issuers. */
public interface SigningKeys {
    /**
     * The keys that may have signed a token from {@code issuer} with this header, or empty when this source does
     * not vouch for the issuer (or knows no key with the header's {@code kid}).
     */
    Optional<List<JWK>> candidates(String issuer, JWSHeader header);
}
