package dev.trustplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.TrustAnchor;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.TcbVersion;
import dev.trustplane.simulator.internal.DeterministicKeys;
import dev.trustplane.simulator.internal.SeedStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The simulated AMD PKI: determinism, AMD's certificate shape, the simulated trust profile. */
class SimulatedRootsTest {
    private static final SimulatedRoots ROOTS = SimulatedRoots.standard();

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void the_default_seed_always_gives_the_same_genoa_roots() throws Exception {
        ProductRoots genoa = ROOTS.product(SnpProduct.GENOA);
        // Pinned: a change here means every simulated artefact anyone saved has changed.
        assertThat(sha256(genoa.arkKeys().getPublic().getEncoded()))
                .isEqualTo(TestPins.GENOA_ARK_SPKI_SHA256);
        assertThat(sha256(genoa.ark().getEncoded())).isEqualTo(TestPins.GENOA_ARK_CERT_SHA256);
        assertThat(sha256(genoa.ask().getEncoded())).isEqualTo(TestPins.GENOA_ASK_CERT_SHA256);
        assertThat(sha256(ROOTS.vcek(SnpProduct.GENOA, ROOTS.defaultChipId(SnpProduct.GENOA),
                TcbVersion.of(SnpProduct.GENOA.tcbLayout(), 0, 10, 0, 23, 84)).certificate().getEncoded()))
                .isEqualTo(TestPins.GENOA_DEFAULT_VCEK_CERT_SHA256);
        assertThat(SimulatedRoots.fromSeed(SimulatedRoots.DEFAULT_SEED.getBytes(StandardCharsets.UTF_8)))
                .isSameAs(ROOTS);
    }

    @Test
    void key_derivation_is_a_function_of_seed_and_label() {
        SeedStream a = new SeedStream(new byte[] {1});
        SeedStream b = new SeedStream(new byte[] {2});
        assertThat(DeterministicKeys.rsa(a, "k", 1024).getPublic())
                .isEqualTo(DeterministicKeys.rsa(new SeedStream(new byte[] {1}), "k", 1024).getPublic())
                .isNotEqualTo(DeterministicKeys.rsa(b, "k", 1024).getPublic())
                .isNotEqualTo(DeterministicKeys.rsa(a, "other", 1024).getPublic());
        assertThat(((RSAPublicKey) DeterministicKeys.rsa(a, "k", 1024).getPublic()).getModulus().bitLength())
                .isEqualTo(1024);
        assertThat(DeterministicKeys.p384(a, "v").getPublic())
                .isEqualTo(DeterministicKeys.p384(new SeedStream(new byte[] {1}), "v").getPublic())
                .isNotEqualTo(DeterministicKeys.p384(b, "v").getPublic());
        assertThat(SimulatedRoots.fromSeed(new byte[] {9}).defaultChipId(SnpProduct.GENOA))
                .isNotEqualTo(ROOTS.defaultChipId(SnpProduct.GENOA));
    }

    @Test
    void ark_and_ask_look_like_amds() throws Exception {
        ProductRoots genoa = ROOTS.product(SnpProduct.GENOA);
        X509Certificate ark = genoa.ark();
        X509Certificate ask = genoa.ask();
        assertThat(ark.getSubjectX500Principal().getName())
                .isEqualTo("CN=ARK-Genoa,O=Advanced Micro Devices,ST=CA,L=Santa Clara,C=US,OU=Engineering");
        assertThat(ask.getIssuerX500Principal()).isEqualTo(ark.getSubjectX500Principal());
        assertThat(ask.getSubjectX500Principal().getName()).startsWith("CN=SEV-Genoa,");
        assertThat(ark.getSerialNumber()).isEqualTo(BigInteger.valueOf(0x020000));
        assertThat(ask.getSerialNumber()).isEqualTo(BigInteger.valueOf(0x020002));
        assertThat(((RSAPublicKey) ark.getPublicKey()).getModulus().bitLength()).isEqualTo(4096);
        assertThat(((RSAPublicKey) ask.getPublicKey()).getModulus().bitLength()).isEqualTo(4096);
        assertThat(ark.getSigAlgOID()).isEqualTo("1.2.840.113549.1.1.10");
        assertThat(ark.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(ask.getBasicConstraints()).isZero();
        assertThat(ark.getNotAfter().toInstant()).isEqualTo("2047-01-26T15:34:37Z");
        ask.verify(ark.getPublicKey());
        ark.verify(ark.getPublicKey());
    }

    @Test
    void vcek_carries_amds_extensions_and_is_per_chip_and_tcb() throws Exception {
        byte[] chip = ROOTS.defaultChipId(SnpProduct.GENOA);
        TcbVersion tcb = TcbVersion.of(SnpProduct.GENOA.tcbLayout(), 0, 10, 0, 23, 84);
        SimulatedVcek vcek = ROOTS.vcek(SnpProduct.GENOA, chip, tcb);
        X509Certificate cert = vcek.certificate();
        assertThat(cert.getSerialNumber()).isZero();
        assertThat(cert.getSubjectX500Principal().getName()).startsWith("CN=SEV-VCEK,");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ROOTS.product(SnpProduct.GENOA).ask().getSubjectX500Principal());
        assertThat(cert.getNotAfter().toInstant()).isEqualTo("2032-01-01T00:00:00Z");
        assertThat(cert.getExtensionValue("1.3.6.1.4.1.3704.1.3.3")).containsExactly(4, 3, 2, 1, 23);
        assertThat(cert.getExtensionValue("1.3.6.1.4.1.3704.1.3.8")).containsExactly(4, 3, 2, 1, 84);
        byte[] hwId = cert.getExtensionValue("1.3.6.1.4.1.3704.1.4");
        assertThat(hwId).hasSize(66).startsWith(4, 64);
        assertThat(java.util.Arrays.copyOfRange(hwId, 2, 66)).isEqualTo(chip);
        cert.verify(ROOTS.product(SnpProduct.GENOA).ask().getPublicKey());

        assertThat(ROOTS.vcek(SnpProduct.GENOA, chip, tcb)).isSameAs(vcek);
        TcbVersion newer = TcbVersion.of(SnpProduct.GENOA.tcbLayout(), 0, 10, 0, 24, 84);
        assertThat(ROOTS.vcek(SnpProduct.GENOA, chip, newer).keys().getPublic()).isNotEqualTo(vcek.keys().getPublic());
    }

    @Test
    void turin_vcek_has_the_eight_byte_hwid_and_fmc() {
        byte[] chip = ROOTS.defaultChipId(SnpProduct.TURIN);
        assertThat(java.util.Arrays.copyOfRange(chip, 8, 64)).containsOnly(0);
        X509Certificate cert = ROOTS.vcek(SnpProduct.TURIN, chip,
                TcbVersion.of(SnpProduct.TURIN.tcbLayout(), 1, 1, 1, 4, 81)).certificate();
        assertThat(cert.getExtensionValue("1.3.6.1.4.1.3704.1.4")).hasSize(10);
        assertThat(cert.getExtensionValue("1.3.6.1.4.1.3704.1.3.9")).containsExactly(4, 3, 2, 1, 1);
        assertThat(cert.getExtensionValue("1.3.6.1.4.1.3704.1.1")).containsExactly(4, 3, 2, 1, 1);
    }

    @Test
    void trust_profile_is_simulated_and_holds_every_ark() {
        TrustProfile profile = ROOTS.trustProfile();
        assertThat(profile.kind()).isEqualTo(TrustProfile.Kind.SIMULATED);
        assertThat(profile.anchors()).extracting(TrustAnchor::product).containsExactly("Milan", "Genoa", "Turin");
        assertThat(profile.trusts(TrustAnchor.AMD_SEV_SNP, "Genoa",
                ROOTS.product(SnpProduct.GENOA).ark().getPublicKey())).isTrue();
        assertThat(TrustProfile.production().trusts(TrustAnchor.AMD_SEV_SNP, "Genoa",
                ROOTS.product(SnpProduct.GENOA).ark().getPublicKey())).isFalse();
    }

    @Test
    void crl_is_signed_by_the_ark_and_lists_the_chosen_serials() throws Exception {
        ProductRoots genoa = ROOTS.product(SnpProduct.GENOA);
        var crl = ROOTS.crl(SnpProduct.GENOA, genoa.ask().getSerialNumber());
        crl.verify(genoa.ark().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(genoa.ark().getSubjectX500Principal());
        assertThat(crl.isRevoked(genoa.ask())).isTrue();
        assertThat(ROOTS.crl(SnpProduct.GENOA).getRevokedCertificates()).isNull();
    }
}
