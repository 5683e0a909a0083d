package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.attestation.AttestationTokens;
import dev.trustplane.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trustplane skr test POLICY TOKEN}: offline verdicts with the failed condition, with and without --jwks. */
class SkrCommandTest {
    static final String ISSUER = "https://attest.example";
    static final String POLICY = "{\"version\":\"1.0.0\",\"anyOf\":[{\"authority\":\"" + ISSUER + "/\",\"allOf\":["
            + "{\"claim\":\"x-ms-attestation-type\",\"equals\":\"sevsnpvm\"},"
            + "{\"claim\":\"x-ms-sevsnpvm-is-debuggable\",\"equals\":false}]}]}";

    @TempDir
    Path tmp;
    Path policy;
    Path jwks;
    AttestationTokens tokens;

    @BeforeEach
    void setUp() throws Exception {
        policy = Files.writeString(tmp.resolve("policy.json"), POLICY);
        tokens = AttestationTokens.loadOrCreate(tmp.resolve("issuer"), Clock.systemUTC());
        jwks = Files.writeString(tmp.resolve("jwks.json"), Json.MAPPER.writeValueAsString(tokens.jwks()));
    }

    private Path token(boolean debuggable) throws Exception {
        String jwt = tokens.issue(ISSUER, Map.of("x-ms-attestation-type", "sevsnpvm", "x-ms-sevsnpvm-is-debuggable", debuggable,
                "x-ms-runtime", Map.of("keys", List.of(Map.of("kid", "k", "kty", "RSA", "use", "enc",
                        "n", Base64.getUrlEncoder().withoutPadding().encodeToString(new java.math.BigInteger(2048, new java.util.Random(1)).setBit(2047).toByteArray()),
                        "e", "AQAB")))));
        return Files.writeString(tmp.resolve("token-" + debuggable + ".jwt"), jwt);
    }

    @Test
    void allowed_and_denied_with_the_failed_condition() throws Exception {
        CliRun ok = CliRun.of("skr", "test", policy.toString(), token(false).toString(), "--jwks", jwks.toString());
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).startsWith("ALLOWED").doesNotContain("NOT checked");

        CliRun denied = CliRun.of("skr", "test", policy.toString(), token(true).toString(), "--json");
        assertThat(denied.exitCode()).isEqualTo(1);
        var out = Json.MAPPER.readTree(denied.out());
        assertThat(out.path("allowed").asBoolean()).isFalse();
        assertThat(out.path("failedCondition").path("claim").asString()).isEqualTo("x-ms-sevsnpvm-is-debuggable");
        assertThat(out.path("signatureVerified").asBoolean()).isFalse();
    }

    @Test
    void base64url_policies_and_signature_failures() throws Exception {
        Path encoded = Files.writeString(tmp.resolve("policy.b64"),
                Base64.getUrlEncoder().withoutPadding().encodeToString(POLICY.getBytes(StandardCharsets.UTF_8)));
        CliRun plain = CliRun.of("skr", "test", encoded.toString(), token(false).toString());
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.out()).contains("NOT checked").contains("transfer key: k");

        var other = AttestationTokens.loadOrCreate(tmp.resolve("other"), Clock.systemUTC());
        Path otherJwks = Files.writeString(tmp.resolve("other.json"), Json.MAPPER.writeValueAsString(other.jwks()));
        CliRun wrongKeys = CliRun.of("skr", "test", policy.toString(), token(false).toString(), "--jwks", otherJwks.toString());
        assertThat(wrongKeys.exitCode()).isEqualTo(1);
        assertThat(wrongKeys.out()).startsWith("DENIED");
    }

    @Test
    void bad_input_is_a_usage_error() throws Exception {
        Path badPolicy = Files.writeString(tmp.resolve("bad.json"), "{\"anyOf\":[{\"authority\":\"x\",\"allOf\":[{\"claim\":\"a\",\"equal\":1}]}]}");
        CliRun bad = CliRun.of("skr", "test", badPolicy.toString(), token(false).toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("invalid");
        Path garbage = Files.writeString(tmp.resolve("garbage.jwt"), "not-a-token");
        assertThat(CliRun.of("skr", "test", policy.toString(), garbage.toString()).exitCode()).isEqualTo(2);
    }
}
