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
import java.io.IOException;
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
 * every token still in flight. The RSA-2048 keys come from a {@link SigningKeySource}: the server's store, shared by
 * every replica, or files ({@link #loadOrCreate(Path, Clock)}). The first key is created once and signs from the
 * epoch. The self-signed certificate is derived from each key at load (the SDK requires {@code x5c} on every key;
 * nobody chains to it, so it need not be stable bytes), and the {@code kid} is the key's RFC 7638 thumbprint, hence
 * stable across restarts and replicas.
 *
 * <p>Rollover ({@link #rollover}) adds a key with an activation second: published at once, signing from its
 * activation, kept in the JWKS for one token lifetime after its successor took over. Other replicas see it within
 * {@link #DEFAULT_REFRESH}: the source's {@linkplain SigningKeySource#stamp stamp} is compared at most that often and
 * the keys reloaded when it changed; if the source cannot be read, the keys already loaded go on serving (logged).
 * Thread-safe.
 */
public final class AttestationTokens {
    /** Where the first key lives below a data dir with file keys. */
    public static final String KEY_FILE = "attestation/signing-key.pk8";
    /** MAA's token lifetime. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(8);
    /** How stale a replica's key set may get: a rollover elsewhere is published and used here within this. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AttestationTokens.class);

    /** One signing key: its JWK (private part included), its signer, and from when it signs. */
    private record SigningKey(RSAKey jwk, RSASSASigner signer, Instant activation) {}

    /** The keys as last loaded, the source's stamp then, and when that stamp was last compared (nanoTime). */
    private record Loaded(String stamp, List<SigningKey> keys, long checkedAt) {}

    /** The published key set, rebuilt only when the set of published keys changes. */
    private record Published(List<String> kids, Map<String, Object> jwks, JWKSet set) {}

    private final SigningKeySource source;
    private final Clock clock;
    private final Duration lifetime;
    private final long refreshNanos;
    private final Object reloading = new Object();
    private volatile Loaded loaded;
    private volatile Published published = new Published(List.of(), Map.of(), new JWKSet());

    private AttestationTokens(SigningKeySource source, Clock clock, Duration lifetime, Duration refresh) throws IOException {
        this.source = source;
        this.clock = clock;
        this.lifetime = lifetime;
        this.refreshNanos = refresh.toNanos();
        this.loaded = load();
    }

    /** Loads the keys from {@code dataDir}'s files, creating the first one on first use; 8-hour tokens. */
    public static AttestationTokens loadOrCreate(Path dataDir, Clock clock) throws IOException {
        return loadOrCreate(dataDir, clock, DEFAULT_LIFETIME);
    }

    /** Loads the keys from {@code dataDir}'s files ({@code attestation/}), creating the first one on first use. */
    public static AttestationTokens loadOrCreate(Path dataDir, Clock clock, Duration lifetime) throws IOException {
        return open(new FileSigningKeys(dataDir.resolve(KEY_FILE).getParent()), clock, lifetime, DEFAULT_REFRESH);
    }

    /**
     * Loads the keys from {@code source}, creating the first one (signing from the epoch) when it has none.
     *
     * @param refresh how often at most the source is asked whether keys were added (by another replica)
     */
    public static AttestationTokens open(SigningKeySource source, Clock clock, Duration lifetime, Duration refresh)
            throws IOException {
        Objects.requireNonNull(clock, "clock");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive");
        }
        if (source.load().isEmpty()) {
            byte[] first = newKey();
            try {
                source.add(first, Instant.EPOCH); // false: another replica was first, and its key is the one
            } finally {
                java.util.Arrays.fill(first, (byte) 0);
            }
        }
        return new AttestationTokens(source, clock, lifetime, refresh);
    }

    /**
     * Key rollover: creates a new signing key that is published in {@link #jwks()} at once and signs from
     * {@code now + activateIn}. Relying parties that refresh {@code /certs} within {@code activateIn} know the new
     * key before the first token it signs. The previous key keeps being published until one token lifetime after
     * its successor took over, so every token it signed can still be verified. Activations are strictly increasing
     * across replicas: the source refuses a second key for one second, and the next second is tried.
     *
     * @return the new key's {@code kid}
     */
    public synchronized String rollover(Duration activateIn) throws IOException {
        if (activateIn.isNegative()) {
            throw new IllegalArgumentException("activateIn must not be negative");
        }
        long second = clock.instant().plus(activateIn).getEpochSecond();
        for (int attempt = 0; ; attempt++) {
            Loaded now = reload();
            second = Math.max(second, now.keys().getLast().activation().getEpochSecond() + 1);
            byte[] key = newKey();
            try {
                if (source.add(key, Instant.ofEpochSecond(second))) {
                    break;
                }
            } finally {
                java.util.Arrays.fill(key, (byte) 0);
            }
            if (attempt == 4) {
                throw new IOException("other replicas kept rolling the signing key over at the same time; try again");
            }
        }
        Instant activation = Instant.ofEpochSecond(second);
        return reload().keys().stream().filter(k -> k.activation().equals(activation)).findFirst().orElseThrow()
                .jwk().getKeyID();
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

    private Loaded reload() throws IOException {
        synchronized (reloading) {
            Loaded fresh = load();
            loaded = fresh;
            return fresh;
        }
    }

    /** Every key in activation order, with the stamp read before them (a key added meanwhile reloads once more). */
    private Loaded load() throws IOException {
        String stamp = source.stamp();
        List<SigningKey> keys = new java.util.ArrayList<>();
        for (SigningKeySource.StoredKey stored : source.load()) {
            try {
                keys.add(read(stored, clock));
            } finally {
                java.util.Arrays.fill(stored.pkcs8(), (byte) 0);
            }
        }
        if (keys.isEmpty()) {
            throw new IOException("no attestation signing key in " + source);
        }
        keys.sort(java.util.Comparator.comparing(SigningKey::activation));
        return new Loaded(stamp, List.copyOf(keys), System.nanoTime());
    }

    /** The keys, reloaded first when the refresh interval passed and the source's stamp changed. */
    private List<SigningKey> keys() {
        Loaded current = loaded;
        if (System.nanoTime() - current.checkedAt() < refreshNanos) {
            return current.keys();
        }
        synchronized (reloading) {
            current = loaded;
            if (System.nanoTime() - current.checkedAt() < refreshNanos) {
                return current.keys();
            }
            try {
                current = source.stamp().equals(current.stamp())
                        ? new Loaded(current.stamp(), current.keys(), System.nanoTime()) : load();
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot check the attestation signing keys for a rollover ({}); serving the {} loaded",
                        e.getMessage(), current.keys().size());
                current = new Loaded(current.stamp(), current.keys(), System.nanoTime());
            }
            loaded = current;
            return current.keys();
        }
    }

    private static SigningKey read(SigningKeySource.StoredKey stored, Clock clock) throws IOException {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            var priv = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(stored.pkcs8()));
            var pub = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
            X509Certificate cert = SelfSignedCertificates.issue("CN=Trustplane attestation token signing", new KeyPair(pub, priv),
                    clock.instant(), Duration.ofDays(3650));
            RSAKey base = new RSAKey.Builder(pub).privateKey(priv).build();
            RSAKey jwk = new RSAKey.Builder(base).keyID(base.computeThumbprint().toString()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).x509CertChain(List.of(Base64.encode(cert.getEncoded()))).build();
            return new SigningKey(jwk, new RSASSASigner(jwk), stored.activation());
        } catch (GeneralSecurityException | JOSEException | ClassCastException e) {
            throw new IOException("the attestation signing key activating at " + stored.activation() + " is unusable: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** When the key {@code kid} signs from, if it is one of ours. */
    public java.util.Optional<Instant> activation(String kid) {
        return keys().stream().filter(k -> k.jwk().getKeyID().equals(kid)).map(SigningKey::activation).findFirst();
    }

    /** The key that signs at {@code now}: the newest one already active (the oldest if none is yet). */
    private SigningKey current(Instant now) {
        List<SigningKey> all = keys();
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
        List<SigningKey> all = keys();
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
