package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.http.Json;
import dev.trustplane.server.tls.Pem;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The officers' side of a recovery with the CLI alone: {@code sd download-body} from PEM certificates, then on a new
 * server with a fresh data dir {@code sd decrypt-share} per officer and {@code sd restore-value}; the recovered
 * server signs with the keys created before.
 */
class SdCommandTest {
    private static final String V = "?api-version=7.4";
    private static final String SIGN = "{\"alg\":\"RS256\",\"value\":\"" + Base64.getUrlEncoder().withoutPadding()
            .encodeToString(new byte[32]) + "\"}";

    @TempDir
    Path tmp;

    private TrustplaneServer start(String name) throws Exception {
        return TrustplaneServer.start(ServerConfig.forTests(tmp.resolve(name))
                .withStore("sqlite:" + tmp.resolve("trustplane.db")).withSecurityDomain(true), List.of());
    }

    private void officer(int i) throws Exception {
        writeOfficer(tmp, i);
    }

    /** Writes officer i's self-signed certificate and private key as {@code officer<i>.cer} and {@code .key} in dir. */
    static void writeOfficer(Path tmp, int i) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        X500Name dn = new X500Name("CN=officer " + i);
        Instant now = Instant.now();
        var cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(dn, BigInteger.ONE,
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), dn, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        Files.writeString(tmp.resolve("officer" + i + ".cer"), Pem.certificate(cert));
        Files.writeString(tmp.resolve("officer" + i + ".key"), Pem.privateKey(pair.getPrivate()));
    }

    private String p(String name) {
        return tmp.resolve(name).toString();
    }

    @Test
    void officers_recover_a_new_server_with_the_cli() throws Exception {
        for (int i = 0; i < 4; i++) {
            officer(i);
        }
        CliRun body = CliRun.of("sd", "download-body", "--required", "2", p("officer0.cer"), p("officer1.cer"), p("officer2.cer"));
        assertThat(body.exitCode()).as(body.err()).isZero();
        String signature;
        try (var a = start("a")) {
            var client = new LedgerCommandTest.TestClient(a.caCertificate(), a.port());
            String admin = AdminToken.read(tmp.resolve("a/admin.token"));
            var download = client.post("/securitydomain/download", admin, "application/json", body.out());
            assertThat(download.statusCode()).as(download.body()).isEqualTo(202);
            Files.writeString(tmp.resolve("sd.json"), download.body());
            assertThat(client.post("/keys/k/create" + V, admin, "application/json", "{\"kty\":\"RSA\"}").statusCode()).isEqualTo(200);
            signature = Json.MAPPER.readTree(client.post("/keys/k/sign" + V, admin, "application/json", SIGN).body())
                    .path("value").asString();
        }
        // b: a new machine on the same database, with nothing of a's data dir. The security domain brings back the KMS
        // master key and the escrowed service keys (ledger identity, attestation and key-release keys); until the
        // upload b serves only the security-domain calls, and after it a restart serves everything.
        try (var b = start("b")) {
            var client = new LedgerCommandTest.TestClient(b.caCertificate(), b.port());
            String admin = AdminToken.read(tmp.resolve("b/admin.token"));
            Files.writeString(tmp.resolve("exchange.json"), client.get("/securitydomain/upload", admin).body());

            CliRun stranger = CliRun.of("sd", "decrypt-share", "--blob", p("sd.json"), "--key", p("officer3.key"),
                    "--exchange-key", p("exchange.json"), "--out", p("s3.jwe"));
            assertThat(stranger.exitCode()).isEqualTo(2);
            assertThat(stranger.err()).contains("holds no share for this officer key");
            assertThat(tmp.resolve("s3.jwe")).doesNotExist();

            for (int i : new int[] {0, 2}) {
                CliRun share = CliRun.of("sd", "decrypt-share", "--blob", p("sd.json"), "--key", p("officer" + i + ".key"),
                        "--exchange-key", p("exchange.json"), "--out", p("s" + i + ".jwe"));
                assertThat(share.exitCode()).as(share.err()).isZero();
            }
            CliRun tooFew = CliRun.of("sd", "restore-value", "--blob", p("sd.json"), "--out", p("upload.json"), p("s0.jwe"));
            assertThat(tooFew.exitCode()).isEqualTo(2);
            assertThat(tooFew.err()).contains("needs 2 shares; 1 were given");
            assertThat(tmp.resolve("upload.json")).doesNotExist();

            CliRun value = CliRun.of("sd", "restore-value", "--blob", p("sd.json"), "--out", p("upload.json"), p("s0.jwe"), p("s2.jwe"));
            assertThat(value.exitCode()).as(value.err()).isZero();
            var upload = client.post("/securitydomain/upload", admin, "application/json", Files.readString(tmp.resolve("upload.json")));
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
            assertThat(upload.body()).contains("Restart the server");
        }
        try (var b = start("b")) {
            var client = new LedgerCommandTest.TestClient(b.caCertificate(), b.port());
            String admin = AdminToken.read(tmp.resolve("b/admin.token"));
            String after = Json.MAPPER.readTree(client.post("/keys/k/sign" + V, admin, "application/json", SIGN).body())
                    .path("value").asString();
            assertThat(after).isEqualTo(signature);
        }
    }

    @Test
    void serve_refuses_an_unknown_security_domain_mode() {
        CliRun run = CliRun.of("serve", "--data-dir", p("x"), "--listen", "127.0.0.1:0", "--security-domain", "optional");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("security-domain must be none or required, got 'optional'");
        assertThat(tmp.resolve("x")).doesNotExist();
    }
}
