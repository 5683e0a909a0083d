package dev.trustplane.ledger;

import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;

class PostgresLedgerTest extends LedgerContractTest {
    @Override
    Store newStore() {
        return TestStores.postgres();
    }
}
