package dev.trustplane.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;

/** The one place that makes self-signed certificates: subject, validity window, serial and signature follow the key. */
class SelfSignedCertificatesTest {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void an_rsa_key_gets_a_sha256_with_rsa_certificate_that_verifies_with_its_own_key() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var keys = gen.generateKeyPair();
        X509Certificate cert = SelfSignedCertificates.issue("CN=Trustplane test,O=Trustplane", keys, NOW, Duration.ofDays(825));

        cert.verify(keys.getPublic());
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
        assertThat(X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()))
                .isEqualTo(new X500Name("CN=Trustplane test,O=Trustplane"));
        assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(cert.getNotBefore()).isEqualTo(Date.from(NOW.minus(Duration.ofHours(1))));
        assertThat(cert.getNotAfter()).isEqualTo(Date.from(NOW.plus(Duration.ofDays(825))));
        assertThat(cert.getSerialNumber().longValueExact()).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void an_ec_key_gets_a_sha256_with_ecdsa_certificate() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        var keys = gen.generateKeyPair();
        X509Certificate cert = SelfSignedCertificates.issue("CN=ec", keys, NOW, Duration.ofDays(1));

        cert.verify(keys.getPublic());
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getNotAfter()).isEqualTo(Date.from(NOW.plus(Duration.ofDays(1))));
    }
}
