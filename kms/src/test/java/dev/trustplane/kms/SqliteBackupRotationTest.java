package dev.trustplane.kms;

import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;

class SqliteBackupRotationTest extends KmsBackupRotationTest {
    @Override
    protected Store openStore() {
        return TestStores.sqlite(dataDir);
    }
}
