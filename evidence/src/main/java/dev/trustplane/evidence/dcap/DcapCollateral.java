package dev.trustplane.evidence.dcap;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.dcap.internal.Names;
import dev.trustplane.evidence.snp.SnpCollateralLoader;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Intel collateral for DCAP quotes, as a pool from which {@link DcapVerifier} picks what fits the
 * quote: TCB Infos (by TEE and FMSPC), QE Identities (QE or TD_QE), the PCK and root CRLs (by issuer)
 * and the TCB Signing certificate that signs the JSON. Nothing in the pool is trusted until verified.
 *
 * @param tcbInfos parsed TCB Info documents
 * @param qeIdentities parsed QE Identity documents
 * @param crls CRLs (PCK Platform/Processor CA, Root CA)
 * @param certificates certificates (the TCB Signing certificate, maybe its root)
 * @param problems collateral documents that could not be read, as errors
 */
public record DcapCollateral(
        List<TcbInfo> tcbInfos,
        List<EnclaveIdentity> qeIdentities,
        List<X509CRL> crls,
        List<X509Certificate> certificates,
        List<EvidenceFormatException> problems) {
    /** CN of the certificate that signs TCB Info and QE Identity. */
    public static final String TCB_SIGNING_CN = "Intel SGX TCB Signing";

    public DcapCollateral {
        tcbInfos = List.copyOf(tcbInfos);
        qeIdentities = List.copyOf(qeIdentities);
        crls = List.copyOf(crls);
        certificates = List.copyOf(certificates);
        problems = List.copyOf(problems);
    }

    /** No collateral at all. */
    public static DcapCollateral empty() {
        return new DcapCollateral(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /**
     * Sorts blobs by content: Intel JSON ({@code tcbInfo} / {@code enclaveIdentity}), certificates and
     * CRLs in PEM or DER. Blobs that are none of these are ignored; JSON that names itself Intel
     * collateral but does not parse is kept as a problem.
     */
    public static DcapCollateral of(List<byte[]> blobs) {
        List<TcbInfo> tcb = new ArrayList<>();
        List<EnclaveIdentity> qe = new ArrayList<>();
        List<EvidenceFormatException> problems = new ArrayList<>();
        SnpCollateralLoader certs = new SnpCollateralLoader();
        for (byte[] blob : blobs) {
            Optional<String> kind = jsonKind(blob);
            try {
                if (kind.filter("tcbInfo"::equals).isPresent()) {
                    tcb.add(TcbInfo.parse(blob));
                } else if (kind.filter("enclaveIdentity"::equals).isPresent()) {
                    qe.add(EnclaveIdentity.parse(blob));
                } else if (kind.isEmpty()) {
                    certs.addBytes(blob);
                }
            } catch (EvidenceFormatException e) {
                problems.add(e);
            }
        }
        return new DcapCollateral(tcb, qe, certs.crls(), certs.certificates(), problems);
    }

    /** This pool plus {@code other}'s items. */
    public DcapCollateral plus(DcapCollateral other) {
        return new DcapCollateral(concat(tcbInfos, other.tcbInfos), concat(qeIdentities, other.qeIdentities),
                concat(crls, other.crls), concat(certificates, other.certificates), concat(problems, other.problems));
    }

    /** The TCB Info for a TEE ("SGX"/"TDX") and FMSPC (lower-case hex), newest issue first. */
    public Optional<TcbInfo> tcbInfo(String id, String fmspc) {
        // Loops rather than streams here and below: these run on every verification.
        TcbInfo newest = null;
        for (TcbInfo t : tcbInfos) {
            if (t.id().equals(id) && t.fmspc().equals(fmspc) && (newest == null || t.issueDate().isAfter(newest.issueDate()))) {
                newest = t;
            }
        }
        return Optional.ofNullable(newest);
    }

    /** The QE Identity with {@code id} ("QE"/"TD_QE"), newest issue first. */
    public Optional<EnclaveIdentity> qeIdentity(String id) {
        EnclaveIdentity newest = null;
        for (EnclaveIdentity q : qeIdentities) {
            if (q.id().equals(id) && (newest == null || q.issueDate().isAfter(newest.issueDate()))) {
                newest = q;
            }
        }
        return Optional.ofNullable(newest);
    }

    /** CRLs issued by the certificate with common name {@code cn}, newest first. */
    public List<X509CRL> crlsIssuedBy(String cn) {
        return crls.stream().filter(c -> Names.cn(c.getIssuerX500Principal()).equals(cn))
                .sorted(java.util.Comparator.comparing(X509CRL::getThisUpdate).reversed()).toList();
    }

    /** Certificates with common name {@code cn}. */
    public List<X509Certificate> certificatesNamed(String cn) {
        List<X509Certificate> named = new ArrayList<>(1);
        for (X509Certificate c : certificates) {
            if (Names.cn(c.getSubjectX500Principal()).equals(cn)) {
                named.add(c);
            }
        }
        return named;
    }

    /** "tcbInfo" or "enclaveIdentity" when the blob is a JSON object naming one, else empty. */
    static Optional<String> jsonKind(byte[] blob) {
        int i = 0;
        while (i < blob.length && Character.isWhitespace(blob[i])) {
            i++;
        }
        if (i == blob.length || blob[i] != '{') {
            return Optional.empty();
        }
        String head = new String(blob, i, Math.min(blob.length - i, 512), StandardCharsets.ISO_8859_1);
        if (head.contains("\"tcbInfo\"")) {
            return Optional.of("tcbInfo");
        }
        if (head.contains("\"enclaveIdentity\"")) {
            return Optional.of("enclaveIdentity");
        }
        return Optional.of("json");
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
