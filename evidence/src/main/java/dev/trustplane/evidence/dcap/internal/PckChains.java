package dev.trustplane.evidence.dcap.internal;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.dcap.DcapQuote;
import dev.trustplane.evidence.dcap.PckExtensions;
import dev.trustplane.evidence.snp.SnpCollateralLoader;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded PCK chains and SGX extensions, remembered by their exact bytes: every quote of a platform
 * carries the same PEM chain, and decoding three certificates costs more than the quote's own two
 * signature checks. A decoded value is a pure function of the bytes, so a hit is as good as decoding
 * again; nothing is trusted because it is remembered (every verification checks signatures, validity and
 * revocation anew). Bounded; cleared when full.
 */
public final class PckChains {
    private static final int MAX = 1024;
    private static final Map<Pem, List<X509Certificate>> CHAINS = new ConcurrentHashMap<>();
    private static final Map<X509Certificate, PckExtensions> EXTENSIONS = new ConcurrentHashMap<>();

    private PckChains() {}

    /**
     * The exact bytes of a chain as the lookup key: no text is decoded to find a remembered chain. A
     * lookup wraps the quote's array; a stored key holds its own copy, so no caller can change it.
     */
    private record Pem(byte[] bytes, int hash) {
        Pem(byte[] bytes) {
            this(bytes, Arrays.hashCode(bytes));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pem p && p.hash == hash && Arrays.equals(p.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The certificates of a quote's PCK chain, certification data type 5 (those that decode; none for other types). */
    public static List<X509Certificate> parse(DcapQuote quote) {
        Pem key = new Pem(quote.qe().certificationData());
        List<X509Certificate> cached = CHAINS.get(key);
        if (cached != null) {
            return cached;
        }
        List<X509Certificate> certs = quote.pckChainPem().map(pem -> List.copyOf(new SnpCollateralLoader()
                .addBytes(pem.getBytes(StandardCharsets.US_ASCII)).certificates())).orElse(List.of());
        if (CHAINS.size() >= MAX) {
            CHAINS.clear();
        }
        CHAINS.put(new Pem(key.bytes().clone(), key.hash()), certs);
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
