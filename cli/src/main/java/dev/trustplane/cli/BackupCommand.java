package dev.trustplane.cli;

import dev.trustplane.common.SecureFiles;
import dev.trustplane.kms.Kms;
import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.kms.MasterKeys;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.backup.BackupException;
import dev.trustplane.server.backup.FullBackup;
import dev.trustplane.server.ledger.LedgerIdentity;
import dev.trustplane.server.securitydomain.SecurityDomain;
import dev.trustplane.server.servicekeys.ServiceKeys;
import dev.trustplane.store.Store;
import dev.trustplane.store.StoreException;
import dev.trustplane.store.StoreUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trustplane backup create|restore}: full backups of a server with a security domain, made and restored on
 * the server's host from its data dir and store (docs/security-domain.md, "Full backup and restore"). Restore needs
 * the server stopped and the same security domain active in the data dir (upload it first on a new server).
 * Exit 0 done, 2 refused or bad input (with the reason; nothing changed).
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Full backup and restore (keys, policies, role assignments, ledger), sealed by the security domain.",
        subcommands = {BackupCommand.Create.class, BackupCommand.Restore.class})
final class BackupCommand {

    /** Store, local master key and security domain of a data dir, opened for one command. */
    private record Opened(ServerConfig config, Store store, MasterKeyProvider localKey, SecurityDomain domain,
            ServiceKeys serviceKeys) implements AutoCloseable {
        static Opened of(CommonOptions common, String masterKeyFlag) throws UsageException {
            ServerConfig config = common.toServerConfig(null, null, null, null, null, null, masterKeyFlag, null, System.getenv());
            if (!Files.isDirectory(config.dataDir().resolve("security-domain"))) {
                throw new UsageException(config.dataDir() + " has no security domain: full backups need a server run with "
                        + "--security-domain required");
            }
            Store store;
            try {
                store = Store.open(StoreUrl.parse(config.store()), config.dataDir());
            } catch (StoreException e) {
                throw new UsageException(e.getMessage());
            }
            MasterKeyProvider localKey = null;
            try {
                localKey = MasterKeys.open(config.masterKey(), config.dataDir(), System.getenv());
                SecurityDomain domain = SecurityDomain.open(config.dataDir(), localKey,
                        k -> Kms.open(store, k, KmsConfig.defaults(), Clock.systemUTC()), KmsConfig.defaults());
                if (!domain.activated()) {
                    domain.close();
                    throw new UsageException("the security domain in " + config.dataDir() + " is not activated: download "
                            + "or upload it first");
                }
                return new Opened(config, store, localKey, domain, ServiceKeys.open(store, localKey));
            } catch (KmsException | IOException e) {
                close(store, localKey);
                throw new UsageException(e.getMessage());
            } catch (UsageException | RuntimeException e) {
                close(store, localKey);
                throw e;
            }
        }

        private static void close(Store store, MasterKeyProvider localKey) {
            if (localKey != null) {
                localKey.close();
            }
            store.close();
        }

        @Override
        public void close() {
            domain.close();
            close(store, localKey);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Write a consistent, sealed full backup of this data dir's server (it may keep running).")
    static final class Create implements Callable<Integer> {
        @Mixin
        CommonOptions common = new CommonOptions();

        @Option(names = "--master-key", paramLabel = "SETTING", description = "As for serve.")
        String masterKey;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The backup file (must not exist).")
        Path out;

        @Override
        public Integer call() throws Exception {
            try (Opened opened = Opened.of(common, masterKey)) {
                // The server escrows its service keys under the domain at start; the backup carries those copies.
                opened.serviceKeys().escrowWith(opened.domain().masterKey());
                if (opened.serviceKeys().load(ServiceKeys.LEDGER).isEmpty()) {
                    throw new UsageException("the store has no ledger identity yet: start the server once");
                }
                byte[] file = FullBackup.create(opened.store(), opened.domain().masterKey(), opened.domain().domainId());
                SecureFiles.createNew(out, file, SecureFiles.OWNER_ONLY);
                System.out.println("wrote a full backup of security domain " + opened.domain().domainId() + " to " + out);
                return 0;
            } catch (BackupException e) {
                throw new UsageException(e.getMessage());
            }
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Restore a full backup (or only --key names) into this data dir's store. Stop the server first.")
    static final class Restore implements Callable<Integer> {
        @Mixin
        CommonOptions common = new CommonOptions();

        @Option(names = "--master-key", paramLabel = "SETTING", description = "As for serve.")
        String masterKey;

        @Option(names = "--force", description = "Replace live state: a store with keys or ledger entries, or existing keys.")
        boolean force;

        @Option(names = "--key", paramLabel = "NAME", description = "Restore only this key (all its versions); repeatable.")
        List<String> keys;

        @Parameters(index = "0", paramLabel = "FILE", description = "The backup file.")
        Path file;

        @Override
        public Integer call() throws Exception {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UsageException("cannot read " + file + ": " + e.getClass().getSimpleName());
            }
            try (Opened opened = Opened.of(common, masterKey)) {
                var restored = FullBackup.restore(opened.store(), opened.domain().masterKey(), opened.domain().domainId(),
                        bytes, force, keys == null ? List.of() : keys);
                if (keys == null || keys.isEmpty()) {
                    restored.ledgerIdentity().ifPresent(signer -> LedgerIdentity.replace(opened.serviceKeys(), signer));
                    // The restored service keys' escrow copies are resealed under this data dir's master key.
                    opened.serviceKeys().escrowWith(opened.domain().masterKey());
                    System.out.println("restored the full backup of security domain " + restored.domainId() + ": "
                            + restored.keys().size() + " keys, ledger of " + restored.treeSize() + " entries at its last "
                            + "checkpoint, the ledger identity and the attestation and key release signing keys");
                } else {
                    System.out.println("restored keys " + String.join(", ", restored.keys()) + " from the backup");
                }
                return 0;
            } catch (BackupException e) {
                throw new UsageException(e.getMessage());
            }
        }
    }
}
