package dev.trustplane.attestation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.trustplane.common.SecureFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs attestation tokens the way Microsoft Azure Attestation does: RS256 JWTs whose header carries
 * {@code kid}, {@code jku} and an {@code x5c} with the signing key's certificate, lifetime 8 hours by default
 * (MAA-API.md §2.4), and publishes the verification key as a JWKS for {@code /certs}.
 *
 * <p>Why a persisted key: relying parties cache {@code /certs}; a key that changed on every restart would break
 * every token still in flight. The RSA-2048 key lives in {@code DATA_DIR/attestation/signing-key.pk8}
 * (PKCS#8, owner-only), is created once and never rewritten. The self-signed certificate is derived from it at
 * start (the SDK requires {@code x5c} on every key; nobody chains to it, so it need not be stable bytes), and the
 * {@code kid} is the key's RFC 7638 thumbprint, hence stable across restarts.
 *
 * <p>Caveats: one key, no rollover yet (issue 6 item 3); the key is a file, not a KMS key. Thread-safe.
 */
public final class AttestationTokens {
    /** Where the key lives below the data dir. */
    public static final String KEY_FILE = "attestation/signing-key.pk8";
    /** MAA's token lifetime. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(8);

    private final RSAKey jwk;
    private final Map<String, Object> publicJwks;
    private final RSASSASigner signer;
    private final Clock clock;
    private final Duration lifetime;

    private AttestationTokens(RSAKey jwk, Clock clock, Duration lifetime) throws JOSEException {
        this.jwk = jwk;
        this.publicJwks = java.util.Collections.unmodifiableMap(new JWKSet(jwk.toPublicJWK()).toJSONObject(true));
        this.signer = new RSASSASigner(jwk);
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** Loads the key from {@code dataDir}, creating it on first use; 8-hour tokens. */
    public static AttestationTokens loadOrCreate(Path dataDir, Clock clock) throws IOException {
        return loadOrCreate(dataDir, clock, DEFAULT_LIFETIME);
    }

    /** Loads the key from {@code dataDir}, creating it on first use. */
    public static AttestationTokens loadOrCreate(Path dataDir, Clock clock, Duration lifetime) throws IOException {
        Objects.requireNonNull(clock, "clock");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive");
        }
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                SecureFiles.createPrivateDirectory(file.getParent());
                KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
                gen.initialize(2048);
                SecureFiles.createNew(file, gen.generateKeyPair().getPrivate().getEncoded(), SecureFiles.OWNER_ONLY);
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            var priv = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
            var pub = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
            X509Certificate cert = selfSigned(new KeyPair(pub, priv), clock.instant());
            RSAKey base = new RSAKey.Builder(pub).privateKey(priv).build();
            RSAKey jwk = new RSAKey.Builder(base).keyID(base.computeThumbprint().toString()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).x509CertChain(List.of(Base64.encode(cert.getEncoded()))).build();
            return new AttestationTokens(jwk, clock, lifetime);
        } catch (GeneralSecurityException | JOSEException | OperatorCreationException e) {
            throw new IOException("attestation signing key " + file + " is unusable: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Signs a token.
     *
     * @param issuer the service's base URL (also {@code iss}; {@code jku} = issuer + /certs)
     * @param claims the claims besides {@code iss iat nbf exp jti}, in order
     */
    public String issue(String issuer, Map<String, Object> claims) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(jwk.getKeyID())
                .jwkURL(java.net.URI.create(issuer + "/certs")).x509CertChain(jwk.getX509CertChain()).build();
        SignedJWT jwt = new SignedJWT(header, claimsSet(issuer, claims));
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("token signing failed", e);
        }
        return jwt.serialize();
    }

    /**
     * An unsecured JWT ({@code alg: none}) with the same claims as {@link #issue}: what an attestation against a
     * draft policy returns, so the caller sees the claims but no relying party can accept the token.
     */
    public String issueUnsigned(String issuer, Map<String, Object> claims) {
        return new com.nimbusds.jwt.PlainJWT(claimsSet(issuer, claims)).serialize();
    }

    private JWTClaimsSet claimsSet(String issuer, Map<String, Object> claims) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
        claims.forEach(b::claim);
        return b.issuer(issuer).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime))).jwtID(UUID.randomUUID().toString()).build();
    }

    /** The public JWKS for {@code /certs}: every key with {@code kid, kty, use, alg, x5c}. */
    public Map<String, Object> jwks() {
        return publicJwks;
    }

    /** The token lifetime. */
    public Duration lifetime() {
        return lifetime;
    }

    private static X509Certificate selfSigned(KeyPair keys, Instant now)
            throws OperatorCreationException, GeneralSecurityException {
        X500Name name = new X500Name("CN=Trustplane attestation token signing");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                keys.getPublic());
        var contentSigner = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }
}
