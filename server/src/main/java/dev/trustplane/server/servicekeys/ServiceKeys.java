package dev.trustplane.server.servicekeys;

import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.ledger.NoteSigner;
import dev.trustplane.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own signing identities, kept in the store so that every replica reads the same ones and no data dir
 * is the only place they can be recovered from: the ledger's checkpoint key, the attestation token keys (one version
 * per activation second) and the key-release signing key.
 *
 * <p>Each version is one public row ({@code service_keys}, whose primary key decides which of several concurrently
 * generated keys wins) plus sealed copies of its private part ({@code service_key_copies}), one per master key:
 * the <b>local</b> master key every replica shares ({@code --master-key}: file or PKCS#11), which opens it in normal
 * operation and while a security domain is unactivated, and — once a security domain is active — the domain's
 * master key, the <b>escrow</b> copy from which a server recovered on a fresh data dir gets the identities back.
 * Sealing is the master key provider's AES-256-GCM with {@code trustplane-service-key-v1/<name>/<version>/<label>}
 * as associated data, so a copy cannot be moved to another key, version or ledger origin; on opening, the key's
 * public part must also match its public row. Thread-safe.
 */
public final class ServiceKeys {
    public static final String OWNER = "service_keys";
    public static final String MIGRATIONS = "db/service_keys";
    /** The ledger's Ed25519 checkpoint key; its label is the log's origin. One version, 0. */
    public static final String LEDGER = "ledger.checkpoint";
    /** Attestation token signing keys (RSA); the version is the activation epoch second (0 for the first key). */
    public static final String ATTESTATION = "attestation.signing";
    /** The secure-key-release response signing key (RSA). One version, 0. */
    public static final String RELEASE = "kms.release-signing";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceKeys.class);

    /** One opened version; the caller zeroes {@code privateKey} after use. */
    public record Opened(String name, long version, String label, byte[] privateKey) {}

    /** One version as listed, without its private part: which master keys hold a copy. */
    public record Listed(String name, long version, String label, List<String> copies) {}

    private final Store store;
    private final MasterKeyProvider local;
    private volatile MasterKeyProvider escrow;

    private ServiceKeys(Store store, MasterKeyProvider local) {
        this.store = store;
        this.local = local;
    }

    /** Opens the service keys of {@code store}, sealed by {@code local}, creating the tables on first use. */
    public static ServiceKeys open(Store store, MasterKeyProvider local) {
        store.migrate(OWNER, MIGRATIONS);
        return new ServiceKeys(Objects.requireNonNull(store, "store"), Objects.requireNonNull(local, "local"));
    }

    /** The local master key: what the data dir's files from before this store were sealed with. */
    public MasterKeyProvider localKey() {
        return local;
    }

    /**
     * Every version of {@code name}, oldest first, opened with the local master key.
     *
     * @throws ServiceKeyException when a version has no copy under the local master key (another data dir's key; with
     *                             a security domain: upload it) or a copy does not authenticate (altered row)
     */
    public List<Opened> load(String name) {
        List<Opened> opened = new ArrayList<>();
        for (Listed v : list(name)) {
            if (!v.copies().contains(local.id())) {
                throw new ServiceKeyException(lockedMessage(List.of(v)));
            }
            byte[] sealed = store.jdbi().withHandle(h -> h.createQuery("SELECT sealed FROM service_key_copies "
                    + "WHERE name = :n AND version = :v AND master_key_id = :m").bind("n", name).bind("v", v.version())
                    .bind("m", local.id()).mapTo(byte[].class).one());
            opened.add(new Opened(name, v.version(), v.label(), open(local, v, sealed)));
        }
        return opened;
    }

    /** Changes whenever a version of {@code name} is added or removed: what replicas poll to see a rollover. */
    public String stamp(String name) {
        return store.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*), COALESCE(MAX(version), -1) FROM service_keys WHERE name = :n")
                .bind("n", name).map((rs, ctx) -> rs.getLong(1) + ":" + rs.getLong(2)).one());
    }

    /**
     * Adds version {@code version} of {@code name} with copies under the local master key and, when a security domain
     * is active, the domain's. Returns false, writing nothing, when that version exists already (another replica was
     * first): the caller then loads the stored one.
     */
    public boolean add(String name, long version, String label, byte[] privateKey) {
        String publicKey = publicKey(name, label, privateKey);
        MasterKeyProvider domain = escrow;
        byte[] localCopy = local.seal(privateKey, ad(name, version, label));
        byte[] escrowCopy = domain == null ? null : domain.seal(privateKey, ad(name, version, label));
        return store.inTransaction(h -> {
            int inserted = h.createUpdate("INSERT INTO service_keys (name, version, label, public_key, created_at) "
                    + "VALUES (:n, :v, :l, :p, :t) ON CONFLICT DO NOTHING").bind("n", name).bind("v", version)
                    .bind("l", label).bind("p", publicKey).bind("t", System.currentTimeMillis()).execute();
            if (inserted == 0) {
                return false;
            }
            insertCopy(h, name, version, local.id(), localCopy);
            if (escrowCopy != null) {
                insertCopy(h, name, version, domain.id(), escrowCopy);
            }
            return true;
        });
    }

    /** Replaces every version of {@code name} by one (a restore of a backup made before keys lived in the store). */
    public void replace(String name, long version, String label, byte[] privateKey) {
        store.useTransaction(h -> {
            h.createUpdate("DELETE FROM service_key_copies WHERE name = :n").bind("n", name).execute();
            h.createUpdate("DELETE FROM service_keys WHERE name = :n").bind("n", name).execute();
            if (!add(name, version, label, privateKey)) {
                throw new IllegalStateException("the replaced key version reappeared");
            }
        });
    }

    /** Every stored version with no copy under the local master key. */
    public List<Listed> unopenable() {
        return list(null).stream().filter(v -> !v.copies().contains(local.id())).toList();
    }

    /** Whether each of {@code versions} has a copy under some security domain's master key, so an upload restores it. */
    public static boolean escrowed(List<Listed> versions) {
        return versions.stream().allMatch(v -> v.copies().stream().anyMatch(id -> id.startsWith("security-domain:")));
    }

    /** What an operator reads when the local master key cannot open {@code versions}. */
    public String lockedMessage(List<Listed> versions) {
        Listed first = versions.getFirst();
        return "the store's service key " + first.name() + " version " + first.version() + (versions.size() > 1
                ? " (and " + (versions.size() - 1) + " more)" : "") + " is sealed by master key(s) " + first.copies()
                + ", not by this data dir's " + local.id() + ": start from a copy of the first server's data dir (or the "
                + "same --master-key), or with --security-domain required upload the security domain";
    }

    /**
     * The security domain became active with {@code domainKey}: from now on new versions get an escrow copy, versions
     * lacking one get it (activation, upgrade), and versions lacking a local copy get one from their escrow copy (a
     * server recovered on a fresh data dir). Idempotent; safe on several replicas at once.
     */
    public synchronized void escrowWith(MasterKeyProvider domainKey) {
        this.escrow = domainKey;
        int escrowed = 0;
        int restored = 0;
        for (Listed v : list(null)) {
            boolean hasLocal = v.copies().contains(local.id());
            boolean hasEscrow = v.copies().contains(domainKey.id());
            if (hasLocal == hasEscrow) {
                continue;
            }
            MasterKeyProvider from = hasLocal ? local : domainKey;
            MasterKeyProvider to = hasLocal ? domainKey : local;
            byte[] sealed = copy(v, from.id());
            byte[] plain = open(from, v, sealed);
            try {
                byte[] resealed = to.seal(plain, ad(v.name(), v.version(), v.label()));
                store.useTransaction(h -> insertCopy(h, v.name(), v.version(), to.id(), resealed));
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
            if (hasLocal) {
                escrowed++;
            } else {
                restored++;
            }
        }
        if (escrowed + restored > 0) {
            LOG.info("service keys: {} escrowed under the security domain's master key {}, {} restored from escrow under "
                    + "the local master key {}", escrowed, domainKey.id(), restored, local.id());
        }
    }

    private List<Listed> list(String name) {
        return store.jdbi().withHandle(h -> {
            var query = h.createQuery("SELECT k.name, k.version, k.label, c.master_key_id FROM service_keys k "
                    + "LEFT JOIN service_key_copies c ON c.name = k.name AND c.version = k.version "
                    + (name == null ? "" : "WHERE k.name = :n ") + "ORDER BY k.name, k.version, c.master_key_id");
            var rows = (name == null ? query : query.bind("n", name)).mapToMap().list();
            List<Listed> out = new ArrayList<>();
            for (var row : rows) {
                String n = (String) row.get("name");
                long version = ((Number) row.get("version")).longValue();
                Listed last = out.isEmpty() ? null : out.getLast();
                if (last == null || !last.name().equals(n) || last.version() != version) {
                    last = new Listed(n, version, (String) row.get("label"), new ArrayList<>());
                    out.add(last);
                }
                if (row.get("master_key_id") != null) {
                    last.copies().add((String) row.get("master_key_id"));
                }
            }
            return out;
        });
    }

    private byte[] copy(Listed v, String masterKeyId) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT sealed FROM service_key_copies "
                + "WHERE name = :n AND version = :v AND master_key_id = :m").bind("n", v.name()).bind("v", v.version())
                .bind("m", masterKeyId).mapTo(byte[].class).one());
    }

    /** Opens one copy and checks it is the key its public row names. */
    private byte[] open(MasterKeyProvider key, Listed v, byte[] sealed) {
        byte[] plain;
        try {
            plain = key.open(sealed, ad(v.name(), v.version(), v.label()));
        } catch (KmsException e) {
            throw new ServiceKeyException("the service key " + v.name() + " version " + v.version() + " in the store does "
                    + "not authenticate under master key " + key.id() + ": its sealed copy was altered or damaged "
                    + "(restore the store from a backup)");
        }
        String stored = store.jdbi().withHandle(h -> h.createQuery(
                "SELECT public_key FROM service_keys WHERE name = :n AND version = :v").bind("n", v.name())
                .bind("v", v.version()).mapTo(String.class).one());
        if (!publicKey(v.name(), v.label(), plain).equals(stored)) {
            Arrays.fill(plain, (byte) 0);
            throw new ServiceKeyException("the service key " + v.name() + " version " + v.version() + " in the store "
                    + "does not match its public key: its rows were altered (restore the store from a backup)");
        }
        return plain;
    }

    private static void insertCopy(Handle h, String name, long version, String masterKeyId, byte[] sealed) {
        h.createUpdate("INSERT INTO service_key_copies (name, version, master_key_id, sealed) VALUES (:n, :v, :m, :s) "
                + "ON CONFLICT DO NOTHING").bind("n", name).bind("v", version).bind("m", masterKeyId)
                .bind("s", sealed).execute();
    }

    private static byte[] ad(String name, long version, String label) {
        return ("trustplane-service-key-v1/" + name + "/" + version + "/" + label).getBytes(StandardCharsets.UTF_8);
    }

    /** The public part the store keeps beside a key: the note verifier key for the ledger, the X.509 SPKI otherwise. */
    static String publicKey(String name, String label, byte[] privateKey) {
        if (name.equals(LEDGER)) {
            return NoteSigner.fromPkcs8(label, privateKey).verifier().encode();
        }
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            var priv = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(privateKey));
            var pub = rsa.generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
            return Base64.getEncoder().encodeToString(pub.getEncoded());
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new ServiceKeyException("the service key " + name + " is not an RSA private key");
        }
    }
}
