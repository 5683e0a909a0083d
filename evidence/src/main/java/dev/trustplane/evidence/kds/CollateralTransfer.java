package dev.trustplane.evidence.kds;

import dev.trustplane.common.PemText;
import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.pcs.IntelCollateralTransfer;
import dev.trustplane.evidence.snp.SnpCollateralLoader;
import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.TcbVersion;
import dev.trustplane.evidence.snp.internal.AmdExtensions;
import dev.trustplane.evidence.snp.internal.ChainValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Moves AMD collateral in and out of a {@link CollateralStore}, for air-gapped sites: export on a
 * connected machine, carry the folder over, import there.
 *
 * <p>Import recognises certificates and CRLs by content (PEM or DER, any file names, any folder depth up
 * to {@value #MAX_DEPTH}) and files each where the verifier looks for it: a VCEK by the product, hwID and
 * TCB in its AMD extensions; an ASK or ASVK with its product's ARK as that product's chain; a CRL by its
 * issuing ARK. VLEKs are reported and skipped: they come with the evidence, not from KDS. Export copies the
 * store's folder as it is; import reads that layout like any other folder.
 */
public final class CollateralTransfer {
    static final int MAX_DEPTH = 8;
    static final int MAX_FILES = 10_000;

    /** What an import did. {@code skipped} names each file or certificate left out and why. */
    public record Summary(int vceks, int chains, int crls, List<String> skipped) {}

    private CollateralTransfer() {}

    public static Summary importFrom(Path dir, CollateralStore store) throws IOException {
        List<String> skipped = new ArrayList<>();
        var loader = new SnpCollateralLoader();
        try (Stream<Path> walk = Files.walk(dir, MAX_DEPTH)) {
            List<Path> files = walk.filter(Files::isRegularFile).limit(MAX_FILES + 1L).sorted().toList();
            if (files.size() > MAX_FILES) {
                throw new IOException("more than " + MAX_FILES + " files under " + dir);
            }
            for (Path file : files) {
                int before = loader.certificates().size() + loader.crls().size();
                loader.addFile(file);
                if (loader.certificates().size() + loader.crls().size() == before
                        && !(Files.size(file) <= SnpCollateralLoader.MAX_FILE_BYTES
                                && IntelCollateralTransfer.isIntelJson(Files.readAllBytes(file)))) {
                    skipped.add(dir.relativize(file) + ": not a certificate or CRL (or too large)");
                }
            }
        }
        int vceks = 0;
        Map<SnpProduct, X509Certificate> arks = new LinkedHashMap<>();
        Map<String, X509Certificate> intermediates = new LinkedHashMap<>();
        for (X509Certificate cert : loader.certificates()) {
            String cn = ChainValidator.cn(cert.getSubjectX500Principal());
            if (cn.equals("SEV-VCEK")) {
                vceks += storeVcek(cert, store, skipped) ? 1 : 0;
            } else if (cn.equals("SEV-VLEK")) {
                skipped.add("VLEK " + cert.getSerialNumber() + ": VLEKs accompany the evidence; not filed");
            } else if (cn.startsWith("ARK-")) {
                SnpProduct.fromKdsName(cn.substring(4)).ifPresentOrElse(p -> arks.put(p, cert),
                        () -> skipped.add("certificate " + cn + ": unknown AMD product"));
            } else if (cn.startsWith("SEV-")) {
                intermediates.put(cn.substring(4), cert);
            } else if (!IntelCollateralTransfer.isIntelName(cn)) {
                skipped.add("certificate " + cn + ": not AMD SEV or Intel SGX collateral");
            }
        }
        int chains = 0;
        for (var entry : intermediates.entrySet()) {
            boolean vlek = entry.getKey().startsWith("VLEK-");
            Optional<SnpProduct> product = SnpProduct.fromKdsName(vlek ? entry.getKey().substring(5) : entry.getKey());
            if (product.isEmpty()) {
                skipped.add("certificate SEV-" + entry.getKey() + ": unknown AMD product");
                continue;
            }
            store.put(new KdsRequest.CertChain(product.get(), vlek), chainPem(entry.getValue(), arks.get(product.get())));
            chains++;
        }
        int crls = 0;
        for (X509CRL crl : loader.crls()) {
            String issuer = ChainValidator.cn(crl.getIssuerX500Principal());
            Optional<SnpProduct> product = issuer.startsWith("ARK-") ? SnpProduct.fromKdsName(issuer.substring(4))
                    : Optional.empty();
            if (product.isEmpty()) {
                if (!IntelCollateralTransfer.isIntelName(issuer)) {
                    skipped.add("CRL issued by " + issuer + ": not an AMD ARK or Intel SGX CA");
                }
                continue;
            }
            try {
                store.put(new KdsRequest.Crl(product.get()), crl.getEncoded());
                crls++;
            } catch (java.security.cert.CRLException e) {
                skipped.add("CRL issued by " + issuer + ": cannot be encoded");
            }
        }
        return new Summary(vceks, chains, crls, skipped);
    }

    /**
     * Copies every cached item (AMD under {@code amd/}, Intel under {@code intel/}) to {@code target}
     * (created if needed), keeping the layout. Returns the count.
     */
    public static int exportTo(CollateralStore store, Path target) throws IOException {
        int count = 0;
        for (String vendor : List.of("amd", "intel")) {
            Path source = store.root().resolve(vendor);
            if (!Files.isDirectory(source)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(source, MAX_DEPTH)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    Path out = target.resolve(vendor).resolve(source.relativize(file).toString());
                    Files.createDirectories(out.getParent());
                    Files.copy(file, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean storeVcek(X509Certificate cert, CollateralStore store, List<String> skipped) throws IOException {
        try {
            AmdExtensions ext = AmdExtensions.read(cert);
            Optional<SnpProduct> product = ext.productName().flatMap(SnpProduct::fromProductName);
            if (product.isEmpty() || ext.hwId().isEmpty() || ext.bootLoader().isEmpty() || ext.tee().isEmpty()
                    || ext.snp().isEmpty() || ext.microcode().isEmpty()) {
                skipped.add("VCEK " + cert.getSerialNumber() + ": missing product, hwID or TCB extensions");
                return false;
            }
            SnpProduct p = product.get();
            var tcb = new TcbVersion.Components(p.tcbLayout(), p.tcbLayout().hasFmc() ? ext.fmc().orElse(0) : -1,
                    ext.bootLoader().getAsInt(), ext.tee().getAsInt(), ext.snp().getAsInt(), ext.microcode().getAsInt());
            byte[] chipId = Arrays.copyOf(ext.hwId().get(), Math.max(64, ext.hwId().get().length));
            store.put(new KdsRequest.Vcek(p, chipId, tcb), cert.getEncoded());
            return true;
        } catch (EvidenceFormatException | GeneralSecurityException | IllegalArgumentException e) {
            skipped.add("VCEK " + cert.getSerialNumber() + ": " + e.getMessage());
            return false;
        }
    }

    private static byte[] chainPem(X509Certificate intermediate, X509Certificate ark) throws IOException {
        try {
            String pem = PemText.encode("CERTIFICATE", intermediate.getEncoded())
                    + (ark == null ? "" : PemText.encode("CERTIFICATE", ark.getEncoded()));
            return pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode certificate", e);
        }
    }
}
