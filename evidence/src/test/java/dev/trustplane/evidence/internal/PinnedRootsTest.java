package dev.trustplane.evidence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trustplane.evidence.TrustAnchor;
import dev.trustplane.evidence.TrustProfile;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The production anchors are exactly the AMD ARKs published in EVIDENCE-FORMATS.md §1.7. */
class PinnedRootsTest {
    @Test
    void production_profile_pins_the_three_amd_arks_by_spki_hash() {
        assertThat(TrustProfile.production().anchors(TrustAnchor.AMD_SEV_SNP))
                .extracting(a -> a.product() + ":" + a.spkiSha256())
                .containsExactly(
                        "Milan:9f056bee44377e29308cb5ffa895bdfb62d18881fa6bed8d6f075b0204089cb9",
                        "Genoa:429a69c9422aa258ee4d8db5fcda9c6470ef15f8cd5a9cebd6cbc7d90b863831",
                        "Turin:4f125410563a2ab9a50356f9243f6fe0b6f73de98603f53f90339c70e9d7ad08");
    }

    @Test
    void pinned_keys_equal_the_ark_certificates_in_the_shared_roots() throws Exception {
        String shared = System.getProperty("trustplane.shared");
        Path roots = shared == null ? null : Path.of(shared, "vectors", "roots");
        assumeTrue(roots != null && Files.isDirectory(roots), "shared vectors absent; skipped");
        for (String product : List.of("Milan", "Genoa", "Turin")) {
            byte[] pem = Files.readAllBytes(roots.resolve("amd-" + product.toLowerCase() + "-ask-ark.pem"));
            X509Certificate ark = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem)).toArray()[1];
            assertThat(TrustProfile.production().trusts(TrustAnchor.AMD_SEV_SNP, product, ark.getPublicKey()))
                    .as(product).isTrue();
            assertThat(TrustProfile.production().trusts(TrustAnchor.AMD_SEV_SNP,
                    product.equals("Milan") ? "Genoa" : "Milan", ark.getPublicKey())).isFalse();
        }
    }

    @Test
    void intel_sgx_root_ca_is_pinned_by_its_key_and_matches_the_shared_root() throws Exception {
        assertThat(TrustProfile.production().anchors(TrustAnchor.INTEL_SGX))
                .extracting(a -> a.product() + ":" + a.spkiSha256())
                .containsExactly("SGX Root CA:a0af031289f5d5d4132f9186068a7fc13628633ba235777472e29b6b6c67a49e");
        String shared = System.getProperty("trustplane.shared");
        Path root = shared == null ? null : Path.of(shared, "vectors", "roots", "intel-sgx-root-ca.pem");
        assumeTrue(root != null && Files.isRegularFile(root), "shared vectors absent; skipped");
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(root)));
        assertThat(TrustProfile.production().trusts(TrustAnchor.INTEL_SGX, TrustAnchor.INTEL_ROOT, cert.getPublicKey()))
                .isTrue();
    }
}
