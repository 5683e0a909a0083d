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
 * <p>Rollover ({@link #rollover}) adds a key file named by its activation second: published at once, signing from
 * its activation, kept in the JWKS for one token lifetime after its successor took over. Retired key files stay
 * on disk (delete them by hand once retired). Caveats: the keys are files, not KMS keys. Thread-safe.
 */
public final class AttestationTokens {
    /** Where the first key lives below the data dir. */
    public static final String KEY_FILE = "attestation/signing-key.pk8";
    /** Keys made by {@link #rollover}: {@code attestation/signing-key-<activation epoch second>.pk8}. */
    static final String ROLLOVER_PREFIX = "signing-key-";
    /** MAA's token lifetime. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(8);

    /** One signing key: its JWK (private part included), its signer, and from when it signs. */
    private record SigningKey(RSAKey jwk, RSASSASigner signer, Instant activation) {}

    /** The published key set, rebuilt only when the set of published keys changes. */
    private record Published(List<String> kids, Map<String, Object> jwks, JWKSet set) {}

    private final Path dir;
    private final Clock clock;
    private final Duration lifetime;
    private volatile List<SigningKey> keys;
    private volatile Published published = new Published(List.of(), Map.of(), new JWKSet());

    private AttestationTokens(Path dir, Clock clock, Duration lifetime) throws IOException {
        this.dir = dir;
        this.clock = clock;
        this.lifetime = lifetime;
        this.keys = load(dir, clock);
    }

    /** Loads the key from {@code dataDir}, creating it on first use; 8-hour tokens. */
    public static AttestationTokens loadOrCreate(Path dataDir, Clock clock) throws IOException {
        return loadOrCreate(dataDir, clock, DEFAULT_LIFETIME);
    }

    /** Loads the keys from {@code dataDir}, creating the first one on first use. */
    public static AttestationTokens loadOrCreate(Path dataDir, Clock clock, Duration lifetime) throws IOException {
        Objects.requireNonNull(clock, "clock");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive");
        }
        Path file = dataDir.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            SecureFiles.createPrivateDirectory(file.getParent());
            SecureFiles.createNew(file, newKey(), SecureFiles.OWNER_ONLY);
        }
        return new AttestationTokens(file.getParent(), clock, lifetime);
    }

    /**
     * Key rollover: creates a new signing key that is published in {@link #jwks()} at once and signs from
     * {@code now + activateIn}. Relying parties that refresh {@code /certs} within {@code activateIn} know the new
     * key before the first token it signs. The previous key keeps being published until one token lifetime after
     * its successor took over, so every token it signed can still be verified.
     *
     * @return the new key's {@code kid}
     */
    public synchronized String rollover(Duration activateIn) throws IOException {
        if (activateIn.isNegative()) {
            throw new IllegalArgumentException("activateIn must not be negative");
        }
        long second = clock.instant().plus(activateIn).getEpochSecond();
        long latest = keys.getLast().activation().getEpochSecond();
        second = Math.max(second, latest + 1); // activations are strictly increasing
        Path file = dir.resolve(ROLLOVER_PREFIX + second + ".pk8");
        SecureFiles.createNew(file, newKey(), SecureFiles.OWNER_ONLY);
        keys = load(dir, clock);
        return keys.getLast().jwk().getKeyID();
    }

    private static byte[] newKey() throws IOException {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            return gen.generateKeyPair().getPrivate().getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate an RSA key", e);
        }
    }

    /** The legacy key (active since the epoch) and every rollover key, in activation order. */
    private static List<SigningKey> load(Path dir, Clock clock) throws IOException {
        List<SigningKey> loaded = new java.util.ArrayList<>();
        Path legacy = dir.resolve(Path.of(KEY_FILE).getFileName().toString());
        if (Files.exists(legacy)) {
            loaded.add(read(legacy, Instant.EPOCH, clock));
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(ROLLOVER_PREFIX) && name.endsWith(".pk8")) {
                    String seconds = name.substring(ROLLOVER_PREFIX.length(), name.length() - 4);
                    if (!seconds.matches("[0-9]{1,12}")) {
                        throw new IOException("unexpected key file name " + f);
                    }
                    loaded.add(read(f, Instant.ofEpochSecond(Long.parseLong(seconds)), clock));
                }
            }
        }
        if (loaded.isEmpty()) {
            throw new IOException("no attestation signing key in " + dir);
        }
        loaded.sort(java.util.Comparator.comparing(SigningKey::activation));
        return List.copyOf(loaded);
    }

    private static SigningKey read(Path file, Instant activation, Clock clock) throws IOException {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            var priv = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
            var pub = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
            X509Certificate cert = SelfSignedCertificates.issue("CN=Trustplane attestation token signing", new KeyPair(pub, priv),
                    clock.instant(), Duration.ofDays(3650));
            RSAKey base = new RSAKey.Builder(pub).privateKey(priv).build();
            RSAKey jwk = new RSAKey.Builder(base).keyID(base.computeThumbprint().toString()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).x509CertChain(List.of(Base64.encode(cert.getEncoded()))).build();
            return new SigningKey(jwk, new RSASSASigner(jwk), activation);
        } catch (GeneralSecurityException | JOSEException | ClassCastException e) {
            throw new IOException("attestation signing key " + file + " is unusable: " + e.getClass().getSimpleName(), e);
        }
    }

    /** When the key {@code kid} signs from, if it is one of ours. */
    public java.util.Optional<Instant> activation(String kid) {
        return keys.stream().filter(k -> k.jwk().getKeyID().equals(kid)).map(SigningKey::activation).findFirst();
    }

    /** The key that signs at {@code now}: the newest one already active (the oldest if none is yet). */
    private SigningKey current(Instant now) {
        List<SigningKey> all = keys;
        SigningKey chosen = all.getFirst();
        for (SigningKey k : all) {
            if (!k.activation().isAfter(now)) {
                chosen = k;
            }
        }
        return chosen;
    }

    /**
     * Signs a token.
     *
     * @param issuer the service's base URL (also {@code iss}; {@code jku} = issuer + /certs)
     * @param claims the claims besides {@code iss iat nbf exp jti}, in order
     */
    public String issue(String issuer, Map<String, Object> claims) {
        SigningKey key = current(clock.instant());
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.jwk().getKeyID())
                .jwkURL(java.net.URI.create(issuer + "/certs")).x509CertChain(key.jwk().getX509CertChain()).build();
        SignedJWT jwt = new SignedJWT(header, claimsSet(issuer, claims));
        try {
            jwt.sign(key.signer());
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

    /**
     * The public JWKS for {@code /certs}: every key with {@code kid, kty, use, alg, x5c} that signs now, will sign
     * (after a rollover), or signed a token that may not have expired yet.
     */
    public Map<String, Object> jwks() {
        return current().jwks();
    }

    /** The published keys: rebuilt only when the set of published key ids changes (rollover, retirement). */
    private Published current() {
        Instant now = clock.instant();
        List<SigningKey> all = keys;
        List<SigningKey> shown = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            boolean retired = i + 1 < all.size() && !all.get(i + 1).activation().plus(lifetime).isAfter(now);
            if (!retired) {
                shown.add(all.get(i));
            }
        }
        List<String> kids = shown.stream().map(k -> k.jwk().getKeyID()).toList();
        Published p = published;
        if (!p.kids().equals(kids)) {
            JWKSet set = new JWKSet(shown.stream().<com.nimbusds.jose.jwk.JWK>map(k -> k.jwk().toPublicJWK()).toList());
            p = new Published(kids, java.util.Collections.unmodifiableMap(set.toJSONObject(true)), set);
            published = p;
        }
        return p;
    }

    /** The published signing keys as a JWK set (what relying parties such as secure key release verify tokens with). */
    public JWKSet publicKeys() {
        return current().set();
    }

    /** The token lifetime. */
    public Duration lifetime() {
        return lifetime;
    }
}
