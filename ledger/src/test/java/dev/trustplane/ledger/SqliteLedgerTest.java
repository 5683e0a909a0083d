package dev.trustplane.ledger;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLedgerTest extends LedgerContractTest {
    @TempDir
    Path dir;

    @Override
    Store newStore() {
        return TestStores.sqlite(dir);
    }

    @Test
    void a_tampered_hash_is_detected_when_the_ledger_opens() {
        appendSequentially(5);
        ledger.close();
        store.useTransaction(h -> h.execute("UPDATE ledger_nodes SET hash = ? WHERE lvl = 2 AND idx = 0", (Object) new byte[32]));
        assertThatThrownBy(() -> Ledger.open(store, LedgerConfig.defaults(ORIGIN), signer))
                .isInstanceOf(LedgerException.class).hasMessageContaining("root");
        ledger = Ledger.open(TestStores.sqlite(dir), LedgerConfig.defaults(ORIGIN), signer); // for @AfterEach
    }
}
