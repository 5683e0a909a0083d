package dev.trustplane.evidence.pcs;

import dev.trustplane.common.PemText;
import dev.trustplane.evidence.dcap.DcapCollateral;
import dev.trustplane.evidence.dcap.EnclaveIdentity;
import dev.trustplane.evidence.dcap.TcbInfo;
import dev.trustplane.evidence.kds.CollateralStore;
import dev.trustplane.evidence.snp.SnpCollateralLoader;
import dev.trustplane.evidence.snp.internal.ChainValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Moves Intel collateral into a {@link CollateralStore} for air-gapped sites, beside the AMD import of
 * {@link dev.trustplane.evidence.kds.CollateralTransfer}: TCB Info and QE Identity JSON (by content:
 * TEE, FMSPC, QE kind; the newest issue of each wins), PCK Platform/Processor CA and Root CA CRLs, and
 * the TCB Signing certificate. Nothing is trusted on import: the verifier checks every signature.
 * Export is the store folder itself ({@code intel/} beside {@code amd/}).
 */
public final class IntelCollateralTransfer {
    static final int MAX_DEPTH = 8;
    static final int MAX_FILES = 10_000;

    /** What an import filed. */
    public record Summary(int tcbInfos, int qeIdentities, int crls, int signingCertificates, List<String> problems) {
        public int total() {
            return tcbInfos + qeIdentities + crls + signingCertificates;
        }
    }

    private IntelCollateralTransfer() {}

    /** Whether {@code cn} names an Intel SGX certificate or CRL issuer. */
    public static boolean isIntelName(String cn) {
        return cn.startsWith("Intel SGX ");
    }

    /** Whether the blob is Intel TCB Info or QE Identity JSON. */
    public static boolean isIntelJson(byte[] blob) {
        DcapCollateral c = DcapCollateral.of(List.of(blob));
        return !c.tcbInfos().isEmpty() || !c.qeIdentities().isEmpty() || !c.problems().isEmpty();
    }

    public static Summary importFrom(Path dir, CollateralStore store) throws IOException {
        List<byte[]> blobs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, MAX_DEPTH)) {
            List<Path> files = walk.filter(Files::isRegularFile).limit(MAX_FILES + 1L).sorted().toList();
            if (files.size() > MAX_FILES) {
                throw new IOException("more than " + MAX_FILES + " files under " + dir);
            }
            for (Path f : files) {
                if (Files.size(f) <= SnpCollateralLoader.MAX_FILE_BYTES) {
                    blobs.add(Files.readAllBytes(f));
                }
            }
        }
        DcapCollateral pool = DcapCollateral.of(blobs);
        List<String> problems = new ArrayList<>();
        pool.problems().forEach(p -> problems.add(p.getMessage()));
        int tcb = 0;
        for (TcbInfo t : pool.tcbInfos()) {
            PcsRequest.Tee tee = PcsRequest.Tee.valueOf(t.id());
            if (pool.tcbInfo(t.id(), t.fmspc()).orElseThrow() == t) {
                store.put(new PcsRequest.TcbInfo(tee, t.fmspc()), document("tcbInfo", t.signed()));
                tcb++;
            }
        }
        int qe = 0;
        for (EnclaveIdentity q : pool.qeIdentities()) {
            if (pool.qeIdentity(q.id()).orElseThrow() == q) {
                store.put(new PcsRequest.QeIdentity(q.id().equals("TD_QE") ? PcsRequest.Tee.TDX : PcsRequest.Tee.SGX),
                        document("enclaveIdentity", q.signed()));
                qe++;
            }
        }
        int crls = 0;
        for (String issuer : List.of("Intel SGX PCK Platform CA", "Intel SGX PCK Processor CA", "Intel SGX Root CA")) {
            List<X509CRL> list = pool.crlsIssuedBy(issuer);
            if (!list.isEmpty()) {
                PcsRequest request = issuer.endsWith("Root CA") ? new PcsRequest.RootCrl()
                        : new PcsRequest.PckCrl(issuer.contains("Processor"));
                store.put(request, encoded(list.getFirst()));
                crls++;
            }
        }
        int signing = 0;
        StringBuilder chain = new StringBuilder();
        for (X509Certificate c : pool.certificatesNamed(DcapCollateral.TCB_SIGNING_CN)) {
            chain.append(pem(c));
            signing++;
        }
        if (signing > 0) {
            store.put(new PcsRequest.SigningChain(), chain.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return new Summary(tcb, qe, crls, signing, problems);
    }

    /** The PCS document again, signed body bytes unchanged (the signature covers exactly them). */
    private static byte[] document(String member, dev.trustplane.evidence.dcap.internal.SignedJson signed) {
        String body = new String(signed.body(), StandardCharsets.UTF_8);
        return ("{\"" + member + "\":" + body + ",\"signature\":\"" + dev.trustplane.evidence.internal.Hex.encode(signed.signature())
                + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] encoded(X509CRL crl) throws IOException {
        try {
            return crl.getEncoded();
        } catch (java.security.cert.CRLException e) {
            throw new IOException("cannot encode the CRL of " + ChainValidator.cn(crl.getIssuerX500Principal()), e);
        }
    }

    private static String pem(X509Certificate c) throws IOException {
        try {
            return PemText.encode("CERTIFICATE", c.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode certificate", e);
        }
    }
}
