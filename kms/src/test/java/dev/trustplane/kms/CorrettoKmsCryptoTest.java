package dev.trustplane.kms;

import dev.trustplane.kms.testing.Corretto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link KmsCryptoTest} with Corretto as the preferred JCA provider: nothing may depend on the JDK's providers. */
class CorrettoKmsCryptoTest extends KmsCryptoTest {
    @BeforeAll
    static void install() {
        Corretto.installFirst();
    }

    @AfterAll
    static void remove() {
        Corretto.remove();
    }
}
