package dev.trustplane.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading certificate files with real certificates (two of the JDK's roots). The TLS trust built from a CA file is
 * exercised end to end by every HTTPS test of the server and the CLI, which trust only the server's CA through it.
 */
class PemCertificatesTest {
    static List<X509Certificate> roots;

    @TempDir
    Path dir;

    @BeforeAll
    static void jdkRoots() throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        X509TrustManager jdk = (X509TrustManager) factory.getTrustManagers()[0];
        List<X509Certificate> all = new ArrayList<>(List.of(jdk.getAcceptedIssuers()));
        assertThat(all).as("the JDK's trust store has roots").hasSizeGreaterThanOrEqualTo(2);
        roots = all.subList(0, 2);
    }

    private Path pem(String name, List<X509Certificate> certificates) throws Exception {
        StringBuilder text = new StringBuilder();
        for (X509Certificate c : certificates) {
            text.append(PemText.encode("CERTIFICATE", c.getEncoded()));
        }
        return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    }

    @Test
    void reads_every_certificate_in_order() throws Exception {
        assertThat(PemCertificates.read(pem("two.pem", roots))).containsExactlyElementsOf(roots);
        assertThat(PemCertificates.read(pem("reversed.pem", List.of(roots.get(1), roots.get(0)))))
                .containsExactly(roots.get(1), roots.get(0));
    }

    @Test
    void errors_name_the_file_and_the_problem_but_not_the_content() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nc2VjcmV0\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> PemCertificates.read(empty)).isInstanceOf(IOException.class)
                .hasMessage("no certificate found in " + empty);
        assertThatThrownBy(() -> PemCertificates.read(garbage)).isInstanceOf(IOException.class)
                .hasMessage("cannot parse certificate file " + garbage + ": not a PEM or DER X.509 certificate")
                .hasMessageNotContaining("c2VjcmV0");
        assertThatThrownBy(() -> PemCertificates.read(dir.resolve("absent.pem"))).isInstanceOf(IOException.class)
                .hasMessage("cannot read certificate file " + dir.resolve("absent.pem") + ": NoSuchFileException");
    }

    @Test
    void a_ca_file_without_certificates_is_an_error_never_an_empty_or_default_trust() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty-ca.pem"), "");
        assertThatThrownBy(() -> PemCertificates.trustingOnly(empty)).isInstanceOf(IOException.class)
                .hasMessage("no certificate found in " + empty);
        assertThat(PemCertificates.trustingOnly(pem("ca.pem", roots)).getProtocol()).isEqualTo("TLS");
    }
}
