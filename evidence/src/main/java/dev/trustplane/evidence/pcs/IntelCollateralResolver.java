package dev.trustplane.evidence.pcs;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.dcap.DcapCollateral;
import dev.trustplane.evidence.dcap.DcapQuote;
import dev.trustplane.evidence.dcap.DcapVerifier;
import dev.trustplane.evidence.dcap.EnclaveIdentity;
import dev.trustplane.evidence.dcap.PckExtensions;
import dev.trustplane.evidence.dcap.TcbInfo;
import dev.trustplane.evidence.internal.Hex;
import dev.trustplane.evidence.kds.CollateralStore;
import dev.trustplane.evidence.kds.KdsException;
import dev.trustplane.evidence.snp.SnpCollateralLoader;
import dev.trustplane.evidence.snp.internal.ChainValidator;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the Intel collateral a quote needs from the {@link CollateralStore}: the TCB Info of the
 * PCK certificate's FMSPC, the QE Identity, the PCK CA's and the Root CA's CRLs, and the TCB Signing
 * chain. Cached items are used as they are unless past their {@code nextUpdate}, when an online store
 * fetches them again (keeping the old copy if that fails: the verifier then reports
 * COLLATERAL_EXPIRED). Anything that cannot be had is simply absent; the verifier reports what is
 * missing. Never throws for bad input.
 */
public final class IntelCollateralResolver {
    private static final Logger LOG = LoggerFactory.getLogger(IntelCollateralResolver.class);

    private final Optional<CollateralStore> store;

    public IntelCollateralResolver(Optional<CollateralStore> store) {
        this.store = store;
    }

    /** The store's collateral for {@code quote} (empty without a store). */
    public DcapCollateral resolve(DcapQuote quote, Instant now) {
        if (store.isEmpty()) {
            return DcapCollateral.empty();
        }
        Optional<X509Certificate> pck = quote.pckChainPem().flatMap(pem -> new SnpCollateralLoader()
                .addBytes(pem.getBytes(StandardCharsets.US_ASCII)).certificates().stream()
                .filter(c -> ChainValidator.cn(c.getSubjectX500Principal()).equals(DcapVerifier.PCK_CN)).findFirst());
        PcsRequest.Tee tee = quote.isTdx() ? PcsRequest.Tee.TDX : PcsRequest.Tee.SGX;
        List<byte[]> blobs = new ArrayList<>();
        if (pck.isPresent()) {
            try {
                String fmspc = Hex.encode(PckExtensions.read(pck.get()).fmspc());
                fetch(new PcsRequest.TcbInfo(tee, fmspc), now).ifPresent(blobs::add);
            } catch (EvidenceFormatException e) {
                LOG.debug("no FMSPC in the PCK certificate: {}", e.getMessage());
            }
            boolean processor = ChainValidator.cn(pck.get().getIssuerX500Principal()).contains("Processor");
            fetch(new PcsRequest.PckCrl(processor), now).ifPresent(blobs::add);
        }
        fetch(new PcsRequest.QeIdentity(tee), now).ifPresent(blobs::add);
        fetch(new PcsRequest.RootCrl(), now).ifPresent(blobs::add);
        try {
            store.get().cached(new PcsRequest.SigningChain()).ifPresent(blobs::add);
        } catch (KdsException e) {
            LOG.debug("TCB Signing chain unavailable: {}", e.getMessage());
        }
        return DcapCollateral.of(blobs);
    }

    private Optional<byte[]> fetch(PcsRequest request, Instant now) {
        CollateralStore s = store.orElseThrow();
        try {
            byte[] bytes = s.get(request);
            if (s.fetchesIntel() && stale(bytes, now)) {
                try {
                    return Optional.of(s.refresh(request));
                } catch (KdsException e) {
                    LOG.info("stale {} kept: {}", request.cacheName(), e.getMessage());
                }
            }
            return Optional.of(bytes);
        } catch (KdsException e) {
            LOG.debug("{} unavailable: {}", request.cacheName(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether cached collateral is past its nextUpdate (unreadable items count as stale). */
    static boolean stale(byte[] bytes, Instant now) {
        DcapCollateral c = DcapCollateral.of(List.of(bytes));
        if (!c.problems().isEmpty()) {
            return true;
        }
        for (TcbInfo t : c.tcbInfos()) {
            if (t.nextUpdate().isBefore(now)) {
                return true;
            }
        }
        for (EnclaveIdentity q : c.qeIdentities()) {
            if (q.nextUpdate().isBefore(now)) {
                return true;
            }
        }
        for (X509CRL crl : c.crls()) {
            if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now)) {
                return true;
            }
        }
        return c.tcbInfos().isEmpty() && c.qeIdentities().isEmpty() && c.crls().isEmpty();
    }
}
