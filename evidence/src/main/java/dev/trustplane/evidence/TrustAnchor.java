package dev.trustplane.evidence;

import dev.trustplane.evidence.internal.Hex;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A root public key that ends certificate chains for one technology and product, e.g. the AMD ARK
 * for {@code ("amd-sev-snp", "Milan")}.
 *
 * <p>Anchors are keys, not certificates: trust never depends on a root certificate read from a file.
 *
 * @param technology the evidence technology, e.g. {@link #AMD_SEV_SNP}
 * @param product the product line within the technology, e.g. {@code "Genoa"}
 * @param publicKey the root public key
 */
public record TrustAnchor(String technology, String product, PublicKey publicKey) {
    /** Technology name of AMD SEV-SNP roots (ARKs). */
    public static final String AMD_SEV_SNP = "amd-sev-snp";
    /** Technology name of Intel SGX/TDX roots (the Intel SGX Root CA, product {@link #INTEL_ROOT}). */
    public static final String INTEL_SGX = "intel-sgx";
    /** Product name of the Intel SGX Root CA anchor. */
    public static final String INTEL_ROOT = "SGX Root CA";

    /** Validates that all parts are present. */
    public TrustAnchor {
        Objects.requireNonNull(technology, "technology");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /** SHA-256 of the DER SubjectPublicKeyInfo, lower-case hex (the usual way to pin a root). */
    public String spkiSha256() {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
