package dev.trustplane.server.securitydomain;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.trustplane.common.SecureFiles;
import dev.trustplane.kms.Kms;
import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.kms.SealedFileMasterKey;
import dev.trustplane.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The security domain of a server started with {@code --security-domain required}: which master key the KMS
 * uses, and whether there is one yet.
 *
 * <p>Model (Managed HSM's): the server starts <em>unactivated</em>, with no KMS master key and every key
 * operation refused. <b>Activation</b> ({@link #download}) generates the master key {@code K} (32 random bytes,
 * the KMS's AES-256-GCM sealing key) and a domain key {@code D}; {@code D} wraps {@code K}, is split with Shamir's
 * scheme into N shares of which M rebuild it, and each share is encrypted to one officer's certificate key. The
 * blob (wrapped {@code K} plus encrypted shares) is all that leaves; {@code D} is then forgotten. <b>Recovery</b>
 * on another server ({@link #transferKey} then {@link #upload}): at least M officers decrypt their shares offline
 * and re-encrypt them to this server's one-time exchange key; the server rebuilds {@code D}, unwraps {@code K}
 * and is activated with the same master key, so every key sealed under it in the store opens again.
 *
 * <p>At rest: {@code <data dir>/security-domain/state.json} holds {@code K} sealed by the local master key
 * ({@code --master-key}: the sealed file or a PKCS#11 key), so a restart needs no officers — as an HSM keeps its
 * domain sealed to its own hardware. The ledger's checkpoint key stays sealed by the local master key.
 *
 * <p>Every refusal happens before anything is written: a failed activation or recovery leaves the server as it
 * was. Methods are synchronized; one operation at a time, as on Managed HSM.
 */
public final class SecurityDomain implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityDomain.class);
    static final String STATE_FILE = "state.json";
    /** Managed HSM's bounds are 3..10 certificates and a quorum of at least 2; Trustplane accepts 2 ≤ M ≤ N ≤ 10. */
    static final int MAX_OFFICERS = 10;
    static final int MIN_QUORUM = 2;
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int EXCHANGE_KEY_BITS = 3072;
    private static final String ID_PREFIX = "security-domain";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A long operation's last outcome, as {@code /securitydomain/{download,upload}/pending} report it. */
    public record OperationStatus(String status, String details) {}

    /** The exchange key's public half, as {@code GET /securitydomain/upload} returns it. */
    public record TransferKey(Map<String, Object> jwk) {}

    private final Path dir;
    private final MasterKeyProvider localKey;
    private final Function<MasterKeyProvider, Kms> kmsOpener;
    private final Kms gate;
    private final Function<MasterKeyProvider, String> onActive;
    private volatile Kms active;
    private volatile String domainId;
    private MasterKeyProvider domainMaster;
    private KeyPair exchange;
    private String exchangeKid;
    private volatile OperationStatus lastDownload;
    private volatile OperationStatus lastUpload;
    private String activeNote = "";

    private SecurityDomain(Path dir, MasterKeyProvider localKey, Function<MasterKeyProvider, Kms> kmsOpener, KmsConfig config,
            Function<MasterKeyProvider, String> onActive) {
        this.dir = dir;
        this.onActive = onActive;
        this.localKey = localKey;
        this.kmsOpener = kmsOpener;
        this.gate = new GatedKms(() -> active, config);
    }

    /**
     * Opens the domain state in {@code dataDir}: activated when {@code state.json} is there (its master key is
     * unsealed with {@code localKey} and the KMS opened with it), unactivated otherwise.
     *
     * @param kmsOpener opens the KMS on the store with a master key (and checks it against the stored keys)
     * @throws KmsException when the state file does not open with {@code localKey} or the KMS refuses the key
     */
    public static SecurityDomain open(Path dataDir, MasterKeyProvider localKey, Function<MasterKeyProvider, Kms> kmsOpener,
            KmsConfig config) throws IOException {
        return open(dataDir, localKey, kmsOpener, config, k -> "");
    }

    /**
     * As above; {@code onActive} is called with the domain's master key whenever the domain becomes active (at start,
     * activation, recovery) — the server escrows its service keys under it — and returns a note for the operator
     * added to the upload's status ("" for none). Its failures are logged, never undo an activation: it runs again
     * at the next start.
     */
    public static SecurityDomain open(Path dataDir, MasterKeyProvider localKey, Function<MasterKeyProvider, Kms> kmsOpener,
            KmsConfig config, Function<MasterKeyProvider, String> onActive) throws IOException {
        Path dir = dataDir.resolve("security-domain");
        SecureFiles.createPrivateDirectory(dir);
        var domain = new SecurityDomain(dir, localKey, kmsOpener, config, onActive);
        Path state = dir.resolve(STATE_FILE);
        if (Files.exists(state)) {
            JsonNode json = Json.MAPPER.readTree(Files.readAllBytes(state));
            String id = json.path("domain_id").asString("");
            byte[] k = localKey.open(Base64.getUrlDecoder().decode(json.path("sealed_master").asString("")), localAd(id));
            MasterKeyProvider master = SealedFileMasterKey.inMemory(ID_PREFIX, k);
            try {
                domain.activate(id, master, kmsOpener.apply(master));
            } catch (RuntimeException e) {
                master.close();
                throw e;
            }
            LOG.info("security domain {} is active (master key {})", id, master.id());
        } else {
            LOG.warn("security domain NOT ACTIVATED: key operations are refused until an Administrator downloads a new "
                    + "security domain (POST /securitydomain/download) or uploads an existing one (/securitydomain/upload)");
        }
        return domain;
    }

    /** The KMS every route uses: refuses with 503 until activated. */
    public Kms kms() {
        return gate;
    }

    public boolean activated() {
        return active != null;
    }

    /** The active domain's id. @throws SecurityDomainException Conflict when not activated */
    public String domainId() {
        requireActivated();
        return domainId;
    }

    /** The active domain's master key (full backups are sealed with it). @throws SecurityDomainException when not activated */
    public synchronized MasterKeyProvider masterKey() {
        requireActivated();
        return domainMaster;
    }

    private void requireActivated() {
        if (active == null) {
            throw SecurityDomainException.conflict(GatedKms.NOT_ACTIVATED);
        }
    }

    /**
     * Creates the blob for {@code officers} with quorum {@code required}. The first call activates the server with a
     * new master key; later calls (Administrator re-download with new officers) split a new domain key over the
     * same master key and domain id — earlier blobs stay valid, as on Managed HSM.
     */
    public synchronized DomainBlob download(List<OfficerKey> officers, int required) {
        checkQuorum(officers, required);
        boolean first = active == null;
        byte[] k = first ? random(KEY_BYTES) : currentMasterKey();
        String id = first ? HexFormat.of().formatHex(random(16)) : domainId;
        try {
            DomainBlob blob = seal(id, k, officers, required);
            if (first) {
                // The local state first, then the KMS (which records K's check value in the store): if the KMS refuses
                // K the state file is removed again; a crash in between leaves an active domain whose blob an
                // Administrator downloads again, never a store bound to a key nobody holds.
                persist(id, k);
                MasterKeyProvider master = SealedFileMasterKey.inMemory(ID_PREFIX, k.clone());
                Kms kms;
                try {
                    kms = openKms(master);
                } catch (RuntimeException e) {
                    master.close();
                    forgetState();
                    throw e;
                }
                activate(id, master, kms);
                LOG.info("security domain {} activated: {} officers, quorum {}, master key {}", id, officers.size(),
                        required, master.id());
            } else {
                LOG.info("security domain {} downloaded again for {} officers, quorum {}", id, officers.size(), required);
            }
            lastDownload = new OperationStatus("Success", "The security domain was created for " + officers.size()
                    + " officers with quorum " + required + ".");
            return blob;
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Creates (or returns the existing) one-time exchange key for a recovery. Refused once activated. */
    public synchronized TransferKey transferKey() {
        requireUnactivated();
        if (exchange == null) {
            try {
                KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
                gen.initialize(EXCHANGE_KEY_BITS, RANDOM);
                exchange = gen.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("RSA key generation failed", e);
            }
            exchangeKid = OfficerKey.thumbprint((RSAPublicKey) exchange.getPublic());
        }
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) exchange.getPublic()).keyID(exchangeKid)
                .keyUse(KeyUse.ENCRYPTION).keyOperations(Set.of(KeyOperation.WRAP_KEY))
                .algorithm(JWEAlgorithm.RSA_OAEP_256).build();
        return new TransferKey(jwk.toJSONObject());
    }

    /**
     * Recovers the domain from its blob and at least {@code required} shares encrypted to the exchange key, and
     * activates the server. The exchange key is forgotten after success.
     */
    public synchronized void upload(DomainBlob blob, List<String> shareJwes) {
        requireUnactivated();
        if (exchange == null) {
            throw SecurityDomainException.conflict("No exchange key: GET /securitydomain/upload first, and encrypt the "
                    + "shares to the key it returns.");
        }
        List<Shamir.Share> shares = new ArrayList<>();
        Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < shareJwes.size(); i++) {
            String what = "shares[" + i + "]";
            var plain = ShareCrypto.decrypt(shareJwes.get(i), (RSAPrivateKey) exchange.getPrivate(), what);
            if (!plain.domainId().equals(blob.domainId())) {
                throw SecurityDomainException.bad(what + " belongs to security domain " + plain.domainId()
                        + ", not to the uploaded domain " + blob.domainId());
            }
            if (plain.required() != blob.required()) {
                throw SecurityDomainException.bad(what + " was made for a quorum of " + plain.required()
                        + ", the domain's quorum is " + blob.required());
            }
            if (!seen.add(plain.share().x())) {
                throw SecurityDomainException.bad(what + " is the same officer's share as an earlier one");
            }
            shares.add(plain.share());
        }
        if (shares.size() < blob.required()) {
            throw SecurityDomainException.bad("The security domain needs " + blob.required() + " shares; "
                    + shares.size() + " were given.");
        }
        byte[] d = Shamir.combine(shares);
        byte[] k;
        try {
            k = unwrap(d, blob);
        } finally {
            Arrays.fill(d, (byte) 0);
        }
        try {
            MasterKeyProvider master = SealedFileMasterKey.inMemory(ID_PREFIX, k.clone());
            try {
                if (!master.id().equals(blob.masterKeyId())) {
                    throw SecurityDomainException.bad("The blob's master_key_id does not match the key its shares open");
                }
                persist(blob.domainId(), k); // before the KMS records anything, as in download
                Kms kms;
                try {
                    kms = openKms(master);
                } catch (RuntimeException e) {
                    forgetState();
                    throw e;
                }
                activate(blob.domainId(), master, kms);
            } catch (RuntimeException e) {
                master.close();
                throw e;
            }
            exchange = null;
            exchangeKid = null;
            lastUpload = new OperationStatus("Success", "The security domain " + blob.domainId() + " was restored from "
                    + shares.size() + " shares." + activeNote);
            LOG.info("security domain {} recovered from {} shares; the exchange key was discarded", blob.domainId(), shares.size());
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    public OperationStatus lastDownload() {
        return lastDownload;
    }

    public OperationStatus lastUpload() {
        return lastUpload;
    }

    /** Records a refused operation so that the pending call reports it. */
    void failed(boolean download, String reason) {
        var status = new OperationStatus("Failed", reason);
        if (download) {
            lastDownload = status;
        } else {
            lastUpload = status;
        }
    }

    @Override
    public synchronized void close() {
        if (domainMaster != null) {
            domainMaster.close();
        }
        exchange = null;
    }

    private void activate(String id, MasterKeyProvider master, Kms kms) {
        this.domainId = id;
        this.domainMaster = master;
        this.active = kms;
        try {
            String note = onActive.apply(master);
            activeNote = note.isEmpty() ? "" : " " + note;
        } catch (RuntimeException e) {
            LOG.error("security domain {} is active, but escrowing the service keys under it failed (retried at the next "
                    + "start): {}", id, e.getMessage());
            activeNote = "";
        }
    }

    private Kms openKms(MasterKeyProvider master) {
        try {
            return kmsOpener.apply(master);
        } catch (KmsException e) {
            throw SecurityDomainException.conflict("The store's keys cannot be opened with this security domain's master "
                    + "key: " + e.getMessage());
        }
    }

    private DomainBlob seal(String id, byte[] k, List<OfficerKey> officers, int required) {
        byte[] d = random(KEY_BYTES);
        try {
            var unsigned = new DomainBlob(id, required, SealedFileMasterKeyIds.of(k), new byte[0], List.of());
            byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, d, k, unsigned.associatedData(), random(NONCE_BYTES));
            List<Shamir.Share> shares = Shamir.split(d, officers.size(), required, RANDOM);
            List<DomainBlob.EncryptedShare> encrypted = new ArrayList<>();
            for (int i = 0; i < officers.size(); i++) {
                OfficerKey officer = officers.get(i);
                String jwe = ShareCrypto.encrypt(new ShareCrypto.SharePlain(id, required, shares.get(i)), officer.key(),
                        officer.thumbprint());
                encrypted.add(new DomainBlob.EncryptedShare(officer.thumbprint(), officer.x5tS256(), jwe));
            }
            return new DomainBlob(id, required, unsigned.masterKeyId(), wrapped, encrypted);
        } finally {
            Arrays.fill(d, (byte) 0);
        }
    }

    private static byte[] unwrap(byte[] d, DomainBlob blob) {
        try {
            return gcm(Cipher.DECRYPT_MODE, d, blob.wrappedMaster(), blob.associatedData(), null);
        } catch (SecurityDomainException e) {
            throw SecurityDomainException.bad("The shares do not rebuild this security domain's key: they come from "
                    + "different domains or downloads, or the blob was altered.");
        }
    }

    /** AES-256-GCM; encrypt output and decrypt input are {@code nonce ‖ ciphertext ‖ tag}. */
    private static byte[] gcm(int mode, byte[] key, byte[] input, byte[] ad, byte[] nonce) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            if (mode == Cipher.ENCRYPT_MODE) {
                cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
                cipher.updateAAD(ad);
                byte[] body = cipher.doFinal(input);
                byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + body.length);
                System.arraycopy(body, 0, out, NONCE_BYTES, body.length);
                return out;
            }
            if (input.length < NONCE_BYTES + 16) {
                throw SecurityDomainException.bad("wrapped_master is too short");
            }
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, input, 0, NONCE_BYTES));
            cipher.updateAAD(ad);
            return cipher.doFinal(input, NONCE_BYTES, input.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw SecurityDomainException.bad("authentication failed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private void persist(String id, byte[] k) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("domain_id", id);
        json.put("sealed_master", Base64.getUrlEncoder().withoutPadding().encodeToString(localKey.seal(k, localAd(id))));
        json.put("local_master_key_id", localKey.id());
        try {
            SecureFiles.createNew(dir.resolve(STATE_FILE), Json.MAPPER.writeValueAsBytes(json), SecureFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the security domain state in " + dir, e);
        }
    }

    /** Undoes {@link #persist} after a refused activation. */
    private void forgetState() {
        try {
            Files.deleteIfExists(dir.resolve(STATE_FILE));
        } catch (IOException e) {
            LOG.error("could not remove {} after a refused activation; remove it before the next start", dir.resolve(STATE_FILE));
        }
    }

    private byte[] currentMasterKey() {
        try {
            JsonNode json = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve(STATE_FILE)));
            return localKey.open(Base64.getUrlDecoder().decode(json.path("sealed_master").asString("")), localAd(domainId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the security domain state in " + dir, e);
        }
    }

    private void requireUnactivated() {
        if (active != null) {
            throw SecurityDomainException.conflict("The security domain " + domainId + " is already active on this server; "
                    + "an upload only recovers a server that has none.");
        }
    }

    private static void checkQuorum(List<OfficerKey> officers, int required) {
        int n = officers.size();
        if (n < MIN_QUORUM || n > MAX_OFFICERS) {
            throw SecurityDomainException.bad("certificates must list between " + MIN_QUORUM + " and " + MAX_OFFICERS
                    + " officer keys, got " + n);
        }
        if (required < MIN_QUORUM || required > n) {
            throw SecurityDomainException.bad("required must be between " + MIN_QUORUM + " and the number of certificates ("
                    + n + "), got " + required);
        }
        Set<String> distinct = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            if (!distinct.add(officers.get(i).thumbprint())) {
                throw SecurityDomainException.bad("certificates[" + i + "] is the same key as an earlier certificate");
            }
        }
    }

    private static byte[] localAd(String id) {
        return ("trustplane-sd-local-v1/" + id).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The id the KMS records for a master key, computed without keeping a provider open. */
    private static final class SealedFileMasterKeyIds {
        static String of(byte[] k) {
            try (MasterKeyProvider p = SealedFileMasterKey.inMemory(ID_PREFIX, k.clone())) {
                return p.id();
            }
        }
    }
}
