package dev.trustplane.evidence.kds;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.snp.SigningKey;
import dev.trustplane.evidence.snp.SnpCollateral;
import dev.trustplane.evidence.snp.SnpCollateralLoader;
import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.SnpReport;
import dev.trustplane.evidence.snp.internal.ChainValidator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Completes the collateral for one SNP report: whatever the caller supplied (certificates from the
 * evidence, a collateral folder, the extended report) is used first; what is missing — the VCEK, the
 * ASK/ARK chain, the ARK's CRL — comes from the {@link CollateralStore}, which fetches from AMD KDS only
 * when online and the item is not cached. VLEKs are provisioned to cloud providers, not served by KDS,
 * so a VLEK-signed report needs its VLEK supplied.
 */
public final class SnpCollateralResolver {
    private final Optional<CollateralStore> store;

    public SnpCollateralResolver(Optional<CollateralStore> store) {
        this.store = store;
    }

    /**
     * @param given certificates and CRLs already at hand (any order; unrelated ones are ignored)
     * @param now the verification time, to judge whether a cached CRL is stale
     * @throws EvidenceFormatException with {@link ReasonCode#COLLATERAL_UNAVAILABLE} naming what is missing
     */
    public SnpCollateral resolve(SnpReport report, SnpCollateralLoader given, Instant now)
            throws EvidenceFormatException {
        List<X509Certificate> certs = new ArrayList<>(given.certificates());
        List<X509CRL> crls = new ArrayList<>(given.crls());
        boolean vlek = report.signingKey() == SigningKey.VLEK;
        Optional<X509Certificate> supplied = certs.stream().filter(SnpCollateralResolver::isLeaf).findFirst();
        if (supplied.isEmpty() && vlek) {
            throw unavailable("VLEK", "the report is signed with a VLEK, which AMD KDS does not serve: supply it");
        }
        X509Certificate leaf = supplied.isPresent() ? supplied.get() : fetchVcek(report);
        if (supplied.isEmpty()) {
            certs.add(leaf);
        }
        SnpProduct product = productOf(report, leaf);
        boolean haveIssuer = certs.stream()
                .anyMatch(c -> c.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()));
        if (!haveIssuer) {
            certs.addAll(parse(fetch(new KdsRequest.CertChain(product, vlek), "ASK/ARK chain")).certificates());
        }
        if (crls.isEmpty() && store.isPresent()) {
            crl(product, now).ifPresent(crls::add);
        }
        return SnpCollateral.select(certs, crls);
    }

    private X509Certificate fetchVcek(SnpReport report) throws EvidenceFormatException {
        // v2 reports carry no CPUID: try each product; KDS answers 404 for the wrong one.
        List<SnpProduct> candidates = report.product().map(List::of).orElse(List.of(SnpProduct.values()));
        String lastProblem = "no product to try";
        for (SnpProduct product : candidates) {
            var request = new KdsRequest.Vcek(product, report.chipId(), report.reportedTcb().decode(product.tcbLayout()));
            try {
                var found = parse(get(request)).certificates().stream().filter(SnpCollateralResolver::isLeaf).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                lastProblem = request.path() + " is not a VCEK";
            } catch (KdsException e) {
                lastProblem = e.getMessage();
            }
        }
        throw unavailable("VCEK", "no VCEK supplied and none obtained: " + lastProblem);
    }

    private Optional<X509CRL> crl(SnpProduct product, Instant now) {
        var request = new KdsRequest.Crl(product);
        try {
            Optional<X509CRL> cached = store.get().cached(request).flatMap(b -> parse(b).crls().stream().findFirst());
            boolean stale = cached.map(c -> c.getNextUpdate() != null && c.getNextUpdate().toInstant().isBefore(now))
                    .orElse(true);
            if (!stale || store.get().isOffline()) {
                return cached;
            }
            return parse(store.get().refresh(request)).crls().stream().findFirst();
        } catch (KdsException e) {
            // No CRL is a warning (CRL_NOT_CHECKED) or, with requireCrl, a rejection: the verifier decides.
            return Optional.empty();
        }
    }

    private byte[] fetch(KdsRequest request, String what) throws EvidenceFormatException {
        try {
            return get(request);
        } catch (KdsException e) {
            throw unavailable(what, "no " + what + " supplied and none obtained: " + e.getMessage());
        }
    }

    private byte[] get(KdsRequest request) throws KdsException {
        if (store.isEmpty()) {
            throw new KdsException(KdsException.Kind.NOT_CACHED, "no collateral store: " + request.path());
        }
        return store.get().get(request);
    }

    private static SnpProduct productOf(SnpReport report, X509Certificate leaf) throws EvidenceFormatException {
        Optional<SnpProduct> fromIssuer = SnpProduct.fromProductName(
                ChainValidator.cn(leaf.getIssuerX500Principal()).replaceFirst("^SEV-(VLEK-)?", ""));
        return report.product().or(() -> fromIssuer)
                .orElseThrow(() -> unavailable("product", "cannot tell the AMD product from the report or the certificate"));
    }

    private static SnpCollateralLoader parse(byte[] bytes) {
        return new SnpCollateralLoader().addBytes(bytes);
    }

    private static boolean isLeaf(X509Certificate c) {
        String cn = ChainValidator.cn(c.getSubjectX500Principal());
        return cn.equals("SEV-VCEK") || cn.equals("SEV-VLEK");
    }

    private static EvidenceFormatException unavailable(String field, String message) {
        return new EvidenceFormatException(ReasonCode.COLLATERAL_UNAVAILABLE, field, -1, message);
    }
}
