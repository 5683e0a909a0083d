package dev.trustplane.kms.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Security;

/** Installs the Corretto provider first in the JCA list for a test class, as the CLI does at start, and removes it. */
public final class Corretto {
    private Corretto() {}

    public static void installFirst() {
        Throwable error = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
        assumeTrue(error == null, () -> "Corretto's native library does not load here: " + error);
        Security.insertProviderAt(AmazonCorrettoCryptoProvider.INSTANCE, 1);
    }

    public static void remove() {
        Security.removeProvider(AmazonCorrettoCryptoProvider.INSTANCE.getName());
    }
}
