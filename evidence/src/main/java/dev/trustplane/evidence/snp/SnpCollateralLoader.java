package dev.trustplane.evidence.snp;

import dev.trustplane.evidence.EvidenceFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads SNP collateral by content, whatever the files are called: X.509 certificates and CRLs, in DER
 * or PEM (several PEM blocks per file allowed). Files that are neither are skipped; files larger than
 * {@value #MAX_FILE_BYTES} bytes and directories with more than {@value #MAX_FILES} entries are refused.
 * The pool is then reduced to one chain by {@link SnpCollateral#select}.
 */
public final class SnpCollateralLoader {
    /** Largest file read. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    /** Most directory entries examined. */
    public static final int MAX_FILES = 512;

    private static final Logger LOG = LoggerFactory.getLogger(SnpCollateralLoader.class);

    private final List<X509Certificate> certificates = new ArrayList<>();
    private final List<X509CRL> crls = new ArrayList<>();

    /** An empty loader; add files or blobs, then {@link #collateral()}. */
    public SnpCollateralLoader() {}

    /** Loads every regular file directly inside {@code dir} and selects the collateral. */
    public static SnpCollateral loadDirectory(Path dir) throws IOException, EvidenceFormatException {
        SnpCollateralLoader loader = new SnpCollateralLoader();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.limit(MAX_FILES + 1L).filter(Files::isRegularFile).sorted().toList();
        }
        if (files.size() > MAX_FILES) {
            throw new IOException("more than " + MAX_FILES + " files in " + dir);
        }
        for (Path p : files) {
            loader.addFile(p);
        }
        return loader.collateral();
    }

    /** Adds one file's certificates and CRLs (skipped when it holds neither). */
    public SnpCollateralLoader addFile(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            LOG.debug("skipping {}: larger than {} bytes", file, MAX_FILE_BYTES);
            return this;
        }
        int before = certificates.size() + crls.size();
        addBytes(Files.readAllBytes(file));
        if (certificates.size() + crls.size() == before) {
            LOG.debug("skipping {}: no certificate or CRL", file);
        }
        return this;
    }

    /** Adds the certificates and CRLs in a DER or PEM blob. */
    public SnpCollateralLoader addBytes(byte[] blob) {
        String text = new String(blob, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN ")) {
            for (byte[] der : pemBlocks(text)) {
                addDer(der);
            }
        } else {
            addDer(blob);
        }
        return this;
    }

    /** The certificates found so far. */
    public List<X509Certificate> certificates() {
        return List.copyOf(certificates);
    }

    /** The CRLs found so far. */
    public List<X509CRL> crls() {
        return List.copyOf(crls);
    }

    /** Selects the collateral from everything found; see {@link SnpCollateral#select}. */
    public SnpCollateral collateral() throws EvidenceFormatException {
        return SnpCollateral.select(certificates, crls);
    }

    private void addDer(byte[] der) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            if (looksLikeCertificate(der)) {
                certificates.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            } else {
                crls.add((X509CRL) cf.generateCRL(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | CRLException | RuntimeException e) {
            LOG.debug("not a certificate or CRL: {}", e.toString());
        }
    }

    /**
     * Tells a certificate from a CRL without trial parsing: both are SEQUENCE { tbs SEQUENCE {...} },
     * but a certificate's TBS starts with the explicit [0] version tag (0xA0) and a CRL's TBS with an
     * INTEGER version (0x02) or the signature AlgorithmIdentifier SEQUENCE (0x30).
     */
    private static boolean looksLikeCertificate(byte[] der) throws CertificateException {
        int i = skipHeader(der, 0);
        i = skipHeader(der, i);
        if (i >= der.length) {
            throw new CertificateException("truncated");
        }
        return (der[i] & 0xFF) == 0xA0;
    }

    private static int skipHeader(byte[] der, int i) throws CertificateException {
        if (i + 2 > der.length || der[i] != 0x30) {
            throw new CertificateException("not a DER SEQUENCE");
        }
        int len = der[i + 1] & 0xFF;
        return len < 0x80 ? i + 2 : i + 2 + (len & 0x7F);
    }

    private static List<byte[]> pemBlocks(String text) {
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", from);
            if (begin < 0) {
                return out;
            }
            int bodyStart = text.indexOf("-----", begin + 11);
            int end = bodyStart < 0 ? -1 : text.indexOf("-----END ", bodyStart + 5);
            if (end < 0) {
                return out;
            }
            String label = text.substring(begin + 11, bodyStart);
            if (label.equals("CERTIFICATE") || label.equals("X509 CRL")) {
                try {
                    out.add(Base64.getMimeDecoder().decode(text.substring(bodyStart + 5, end)));
                } catch (IllegalArgumentException e) {
                    LOG.debug("bad base64 in PEM block {}", label);
                }
            }
            from = end + 9;
        }
    }
}
