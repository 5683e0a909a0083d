package dev.trustplane.kms.internal;

import dev.trustplane.kms.testing.Corretto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every Wycheproof case again with Corretto as the preferred JCA provider. */
class CorrettoWycheproofTest extends WycheproofTest {
    @BeforeAll
    static void install() {
        Corretto.installFirst();
    }

    @AfterAll
    static void remove() {
        Corretto.remove();
    }
}
