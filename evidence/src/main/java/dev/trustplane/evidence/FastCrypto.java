package dev.trustplane.evidence;

import dev.trustplane.evidence.internal.CryptoProviders;

/**
 * Application start-up hook for fast cryptography: installs the Amazon Corretto Crypto Provider (native
 * AWS-LC) as the preferred JCA provider where its native library loads, so signature checks cost a
 * tenth of the JDK's. Elsewhere the JDK's providers stay in charge and everything still works.
 */
public final class FastCrypto {
    private FastCrypto() {}

    /** Installs it if possible; returns the provider now used for ECDSA, or why Corretto is not used. */
    public static String install() {
        return CryptoProviders.installFastProvider();
    }
}
