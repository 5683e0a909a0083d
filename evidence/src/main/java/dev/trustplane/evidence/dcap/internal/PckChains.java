package dev.trustplane.evidence.dcap.internal;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.dcap.PckExtensions;
import dev.trustplane.evidence.snp.SnpCollateralLoader;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded PCK chains and SGX extensions, remembered by their exact text: every quote of a platform
 * carries the same PEM chain, and decoding three certificates costs more than the quote's own two
 * signature checks. A decoded value is a pure function of the bytes, so a hit is as good as decoding
 * again; nothing is trusted because it is remembered (every verification checks signatures, validity and
 * revocation anew). Bounded; cleared when full.
 */
public final class PckChains {
    private static final int MAX = 1024;
    private static final Map<String, List<X509Certificate>> CHAINS = new ConcurrentHashMap<>();
    private static final Map<X509Certificate, PckExtensions> EXTENSIONS = new ConcurrentHashMap<>();

    private PckChains() {}

    /** The certificates of a PEM chain (those that decode). */
    public static List<X509Certificate> parse(String pem) {
        List<X509Certificate> cached = CHAINS.get(pem);
        if (cached != null) {
            return cached;
        }
        List<X509Certificate> certs = List.copyOf(new SnpCollateralLoader()
                .addBytes(pem.getBytes(StandardCharsets.US_ASCII)).certificates());
        if (CHAINS.size() >= MAX) {
            CHAINS.clear();
        }
        CHAINS.put(pem, certs);
        return certs;
    }

    /** The SGX extensions of a PCK certificate. */
    public static PckExtensions extensions(X509Certificate pck) throws EvidenceFormatException {
        PckExtensions cached = EXTENSIONS.get(pck);
        if (cached != null) {
            return cached;
        }
        PckExtensions ext = PckExtensions.read(pck);
        if (EXTENSIONS.size() >= MAX) {
            EXTENSIONS.clear();
        }
        EXTENSIONS.put(pck, ext);
        return ext;
    }
}
