package dev.trustplane.server.kms;

import static dev.trustplane.server.kms.SkrFixture.TRANSFER;
import static dev.trustplane.server.kms.SkrFixture.errorCode;
import static dev.trustplane.server.kms.SkrFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.agent.ReleasedKey;
import dev.trustplane.kms.release.TrustedAuthority;
import java.net.URI;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens from another attestation service: a second Trustplane plays the external issuer (as a real Azure
 * Attestation instance would), and the key server fetches its OpenID metadata and JWKS over HTTPS. Without the
 * trusted-authority entry the same token is rejected; with a pin on a different certificate too.
 */
class TrustedAuthorityReleaseTest {
    @TempDir
    Path issuerDir;
    @TempDir
    Path vaultDir;
    @TempDir
    Path otherDir;

    @Test
    void tokens_of_a_configured_authority_release_keys_and_others_do_not() throws Exception {
        try (var issuer = new SkrFixture(issuerDir, List.of())) {
            String token = issuer.attest();
            var trusted = new TrustedAuthority(URI.create(issuer.base + "/"),
                    Optional.of(issuer.server.caCertificate()), Optional.empty());
            try (var vault = new SkrFixture(vaultDir, List.of(trusted))) {
                String policy = SkrFixture.policyFor(issuer.base,
                        "{\"claim\":\"x-ms-sevsnpvm-is-debuggable\",\"equals\":false}");
                assertThat(vault.createExportable("ext", "\"kty\":\"RSA\",\"key_size\":2048", policy).statusCode())
                        .isEqualTo(200);
                var res = vault.release("ext", token);
                assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
                assertThat(ReleasedKey.open(json(res).path("value").asString(), (RSAPrivateCrtKey) TRANSFER.getPrivate(),
                        vault.trust()).kid()).startsWith(vault.base + "/keys/ext/");

                // The vault's own tokens do not satisfy a policy naming the other authority.
                var own = vault.release("ext", vault.attest());
                assertThat(own.statusCode()).isEqualTo(403);
                assertThat(SkrFixture.errorMessage(own)).contains("authority");
            }
            try (var untrusting = new SkrFixture(otherDir, List.of())) {
                untrusting.createExportable("ext", "\"kty\":\"RSA\",\"key_size\":2048",
                        SkrFixture.policyFor(issuer.base, "{\"claim\":\"x-ms-attestation-type\",\"equals\":\"sevsnpvm\"}"));
                var res = untrusting.release("ext", token);
                assertThat(res.statusCode()).isEqualTo(403);
                assertThat(errorCode(res)).isEqualTo("AttestationTokenRejected");
            }
        }
    }

    @Test
    void a_pinned_certificate_excludes_other_signing_keys() throws Exception {
        try (var issuer = new SkrFixture(issuerDir, List.of())) {
            String token = issuer.attest();
            // Pin the issuer's TLS CA certificate: not its token-signing key, so nothing verifies.
            var pinnedWrong = new TrustedAuthority(URI.create(issuer.base), Optional.of(issuer.server.caCertificate()),
                    Optional.of(issuer.server.caCertificate()));
            try (var vault = new SkrFixture(vaultDir, List.of(pinnedWrong))) {
                vault.createExportable("pin", "\"kty\":\"RSA\",\"key_size\":2048",
                        SkrFixture.policyFor(issuer.base, "{\"claim\":\"x-ms-attestation-type\",\"equals\":\"sevsnpvm\"}"));
                var res = vault.release("pin", token);
                assertThat(res.statusCode()).isEqualTo(403);
                assertThat(errorCode(res)).isEqualTo("AttestationTokenRejected");
            }
        }
    }
}
