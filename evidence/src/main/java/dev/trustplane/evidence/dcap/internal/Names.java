package dev.trustplane.evidence.dcap.internal;

import dev.trustplane.evidence.snp.internal.ChainValidator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;

/**
 * Common names of Intel certificate and CRL names, remembered: decoding a distinguished name with the
 * ASN.1 parser costs more than a signature check's bookkeeping, and the same handful of Intel names
 * recur in every quote. A pure function of the encoded name; bounded.
 */
public final class Names {
    private static final int MAX = 1024;
    private static final Map<X500Principal, String> CN = new ConcurrentHashMap<>();

    private Names() {}

    public static String cn(X500Principal name) {
        String cached = CN.get(name);
        if (cached != null) {
            return cached;
        }
        String cn = ChainValidator.cn(name);
        if (CN.size() >= MAX) {
            CN.clear();
        }
        CN.put(name, cn);
        return cn;
    }
}
