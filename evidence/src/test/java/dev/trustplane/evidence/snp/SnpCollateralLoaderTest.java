package dev.trustplane.evidence.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collateral loader recognises certificates and CRLs by content, not by file name. */
class SnpCollateralLoaderTest {

    @Test
    void loads_real_collateral_from_oddly_named_files_among_all_products_roots(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("x1"), Vectors.bytes("collateral/vcek-genoa-oak.der"));
        int i = 0;
        for (String roots : new String[] {"milan-ask-ark", "genoa-ask-ark", "turin-ask-ark", "milan-asvk-ark"}) {
            Files.write(dir.resolve("blob" + i++ + ".dat"), Vectors.bytes("roots/amd-" + roots + ".pem"));
        }
        Files.writeString(dir.resolve("notes.txt"), "not a certificate");
        Files.write(dir.resolve("garbage.der"), new byte[] {0x30, (byte) 0x82, 0x7f});
        Files.createDirectory(dir.resolve("subdir"));

        SnpCollateral c = SnpCollateralLoader.loadDirectory(dir);

        assertThat(c.leaf().getSubjectX500Principal().getName()).contains("CN=SEV-VCEK");
        assertThat(c.intermediate().getSubjectX500Principal().getName()).contains("CN=SEV-Genoa");
        assertThat(c.ark()).hasValueSatisfying(a -> assertThat(a.getSubjectX500Principal().getName())
                .contains("CN=ARK-Genoa"));
        assertThat(c.crl()).isEmpty();
        SnpVerifier v = SnpVerifier.production(Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));
        assertThat(v.verify(Vectors.bytes("snp/genoa-v5-oak.bin"), c).genuine()).isTrue();
    }

    @Test
    void finds_crls_in_der_and_pem(@TempDir Path dir) throws Exception {
        SimulatedAmd pki = SimulatedAmd.milan();
        X509CRL crl = pki.crl(pki.arkKeys.getPrivate(), SimulatedAmd.NOW.minusSeconds(60),
                SimulatedAmd.NOW.plusSeconds(3600), BigInteger.TEN);
        Files.write(dir.resolve("leaf"), pki.vcek.getEncoded());
        Files.writeString(dir.resolve("chain"), pem("CERTIFICATE", pki.ask.getEncoded())
                + pem("CERTIFICATE", pki.ark.getEncoded()) + pem("X509 CRL", crl.getEncoded()));
        SnpCollateral fromPem = SnpCollateralLoader.loadDirectory(dir);
        assertThat(fromPem.crl()).contains(crl);
        assertThat(fromPem.ark()).contains(pki.ark);

        Files.writeString(dir.resolve("chain"), pem("CERTIFICATE", pki.ask.getEncoded()));
        Files.write(dir.resolve("revocations"), crl.getEncoded());
        assertThat(SnpCollateralLoader.loadDirectory(dir).crl()).contains(crl);
    }

    @Test
    void missing_or_ambiguous_leaves_are_collateral_unavailable(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("roots"), Vectors.bytes("roots/amd-milan-ask-ark.pem"));
        assertThatThrownBy(() -> SnpCollateralLoader.loadDirectory(dir))
                .isInstanceOfSatisfying(EvidenceFormatException.class,
                        e -> assertThat(e.code()).isEqualTo(ReasonCode.COLLATERAL_UNAVAILABLE));
        Files.write(dir.resolve("a"), Vectors.bytes("collateral/vcek-milan-trustee.der"));
        Files.write(dir.resolve("b"), Vectors.bytes("collateral/vcek-milan-gosev.der"));
        assertThatThrownBy(() -> SnpCollateralLoader.loadDirectory(dir))
                .hasMessageContaining("found 2");
    }

    @Test
    void leaf_without_its_issuer_is_collateral_unavailable() {
        SnpCollateralLoader loader = new SnpCollateralLoader().addBytes(Vectors.bytes("collateral/vcek-turin-ms.pem"))
                .addBytes(Vectors.bytes("roots/amd-milan-ask-ark.pem"));
        assertThatThrownBy(loader::collateral).hasMessageContaining("no certificate named SEV-Turin");
    }

    @Test
    void garbage_pem_and_der_are_skipped_without_exceptions() {
        SnpCollateralLoader loader = new SnpCollateralLoader()
                .addBytes("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----".getBytes(StandardCharsets.US_ASCII))
                .addBytes("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----".getBytes(StandardCharsets.US_ASCII))
                .addBytes("-----BEGIN X509 CRL-----\nno end".getBytes(StandardCharsets.US_ASCII))
                .addBytes(new byte[] {0x30, 0x03, 0x30, 0x01})
                .addBytes(new byte[] {0x30, (byte) 0x84, 0x7f, 0x7f, 0x7f, 0x7f})
                .addBytes(new byte[0]);
        assertThat(loader.certificates()).isEmpty();
        assertThat(loader.crls()).isEmpty();
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
