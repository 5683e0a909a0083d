package dev.trustplane.server.kms;

import static dev.trustplane.server.kms.SkrFixture.KV;
import static dev.trustplane.server.kms.SkrFixture.TRANSFER;
import static dev.trustplane.server.kms.SkrFixture.errorCode;
import static dev.trustplane.server.kms.SkrFixture.errorMessage;
import static dev.trustplane.server.kms.SkrFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.agent.ReleaseResponseException;
import dev.trustplane.agent.ReleaseResponseTrust;
import dev.trustplane.agent.ReleasedKey;
import dev.trustplane.attestation.AttestationTokens;
import dev.trustplane.server.http.Json;
import dev.trustplane.simulator.SnpSpec;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Secure key release end to end over HTTPS: simulated SNP evidence → this server's attestation token carrying the
 * workload's transfer key → release → the workload opens the response with {@link ReleasedKey} (and, separately,
 * with an unwrap written here from the BYOK specification on Bouncy Castle's low-level engines) → the released
 * key works like the server's. Every refusal path is checked to release nothing and to be on the ledger.
 */
class SecureKeyReleaseTest {
    @TempDir
    static Path dataDir;
    static SkrFixture fx;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        fx = new SkrFixture(dataDir, List.of());
        token = fx.attest();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void rsa_key_is_released_and_works_like_the_servers() throws Exception {
        assertThat(fx.createExportable("skr-rsa", "\"kty\":\"RSA-HSM\",\"key_size\":2048", fx.snpPolicy()).statusCode())
                .isEqualTo(200);
        HttpResponse<String> res = fx.release("skr-rsa", token);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);

        ReleasedKey released = ReleasedKey.open(json(res).path("value").asString(),
                (RSAPrivateCrtKey) TRANSFER.getPrivate(), fx.trust());
        assertThat(released.keyType()).isEqualTo("RSA-HSM");
        assertThat(released.kid()).startsWith(fx.base + "/keys/skr-rsa/");
        assertThat(released.transferKeyId()).isEqualTo("transfer-1");

        // The server encrypts with its copy; the workload decrypts with the released one.
        byte[] plain = "the data key".getBytes(StandardCharsets.UTF_8);
        var enc = fx.client.post("/keys/skr-rsa/encrypt" + KV, fx.admin, "application/json",
                "{\"alg\":\"RSA-OAEP-256\",\"value\":\"" + b64(plain) + "\"}");
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        oaep.init(Cipher.DECRYPT_MODE, released.key(), new javax.crypto.spec.OAEPParameterSpec("SHA-256", "MGF1",
                java.security.spec.MGF1ParameterSpec.SHA256, javax.crypto.spec.PSource.PSpecified.DEFAULT));
        assertThat(oaep.doFinal(unb64(json(enc).path("value").asString()))).isEqualTo(plain);
        assertThat(released.toString()).doesNotContain(((RSAPrivateCrtKey) released.key()).getPrivateExponent().toString(16));
    }

    @Test
    void ec_and_oct_keys_are_released_in_their_encodings() throws Exception {
        fx.createExportable("skr-ec", "\"kty\":\"EC\",\"crv\":\"P-256\"", fx.snpPolicy());
        fx.createExportable("skr-oct", "\"kty\":\"oct-HSM\",\"key_size\":256", fx.snpPolicy());

        ReleasedKey ec = ReleasedKey.open(json(fx.release("skr-ec", token)).path("value").asString(),
                (RSAPrivateCrtKey) TRANSFER.getPrivate(), fx.trust());
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest("message".getBytes(StandardCharsets.UTF_8));
        Signature es = Signature.getInstance("SHA256withECDSAinP1363Format");
        es.initSign((ECPrivateKey) ec.key());
        es.update("message".getBytes(StandardCharsets.UTF_8));
        var verify = fx.client.post("/keys/skr-ec/verify" + KV, fx.admin, "application/json",
                "{\"alg\":\"ES256\",\"digest\":\"" + b64(digest) + "\",\"value\":\"" + b64(es.sign()) + "\"}");
        assertThat(json(verify).path("value").asBoolean()).as(verify.body()).isTrue();

        ReleasedKey oct = ReleasedKey.open(json(fx.release("skr-oct", token)).path("value").asString(),
                (RSAPrivateCrtKey) TRANSFER.getPrivate(), fx.trust());
        var enc = fx.client.post("/keys/skr-oct/encrypt" + KV, fx.admin, "application/json",
                "{\"alg\":\"A256GCM\",\"value\":\"" + b64("row 42".getBytes(StandardCharsets.UTF_8)) + "\"}");
        JsonNode e = json(enc);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, (SecretKey) oct.key(), new GCMParameterSpec(128, unb64(e.path("iv").asString())));
        byte[] ct = unb64(e.path("value").asString());
        byte[] tag = unb64(e.path("tag").asString());
        gcm.update(ct);
        assertThat(new String(gcm.doFinal(tag), StandardCharsets.UTF_8)).isEqualTo("row 42");
    }

    @Test
    void every_enc_unwraps_with_an_independent_byok_unwrap() throws Exception {
        fx.createExportable("skr-enc", "\"kty\":\"RSA\",\"key_size\":3072", fx.snpPolicy());
        for (String enc : List.of("CKM_RSA_AES_KEY_WRAP", "RSA_AES_KEY_WRAP_256", "RSA_AES_KEY_WRAP_384")) {
            var res = fx.release("/keys/skr-enc/release" + KV, fx.admin, Map.of("target", token, "enc", enc));
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            String[] jws = json(res).path("value").asString().split("\\.");
            JsonNode header = Json.MAPPER.readTree(unb64(jws[0]));
            assertThat(header.path("alg").asString()).isEqualTo("RS256");
            assertThat(header.path("x5c").size()).isEqualTo(2);
            assertThat(header.has("x5t#S256")).isTrue();
            JsonNode payload = Json.MAPPER.readTree(unb64(jws[1]));
            assertThat(payload.path("request").path("enc").asString()).isEqualTo(enc);
            assertThat(payload.path("request").path("api-version").asString()).isEqualTo("7.6");
            JsonNode key = payload.path("response").path("key");
            assertThat(key.path("attributes").path("exportable").asBoolean()).isTrue();
            assertThat(key.path("release_policy").path("data").asString()).isNotEmpty();
            JsonNode keyHsm = Json.MAPPER.readTree(unb64(key.path("key").path("key_hsm").asString()));
            assertThat(keyHsm.path("schema_version").asString()).isEqualTo("1.0");
            assertThat(keyHsm.path("header").path("alg").asString()).isEqualTo("dir");
            assertThat(keyHsm.path("header").path("enc").asString()).isEqualTo(enc);
            assertThat(keyHsm.path("header").path("kid").asString()).isEqualTo("transfer-1");

            byte[] pkcs8 = byokUnwrap(unb64(keyHsm.path("ciphertext").asString()), enc, TRANSFER);
            var info = PrivateKeyInfo.getInstance(pkcs8);
            var rsa = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(info.parsePrivateKey());
            assertThat(rsa.getModulus()).isEqualTo(new BigInteger(1, unb64(key.path("key").path("n").asString())));
        }
    }

    /** RSA-OAEP (hash per enc) of the AES key, then RFC 5649 — from the BYOK specification, on Bouncy Castle engines. */
    static byte[] byokUnwrap(byte[] ciphertext, String enc, KeyPair transfer) throws Exception {
        var k = (RSAPrivateCrtKey) transfer.getPrivate();
        var params = new RSAPrivateCrtKeyParameters(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(),
                k.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient());
        var digest = switch (enc) {
            case "CKM_RSA_AES_KEY_WRAP" -> new SHA1Digest();
            case "RSA_AES_KEY_WRAP_256" -> new SHA256Digest();
            default -> new SHA384Digest();
        };
        var mgfDigest = switch (enc) {
            case "CKM_RSA_AES_KEY_WRAP" -> new SHA1Digest();
            case "RSA_AES_KEY_WRAP_256" -> new SHA256Digest();
            default -> new SHA384Digest();
        };
        var oaep = new OAEPEncoding(new RSAEngine(), digest, mgfDigest, null);
        oaep.init(false, params);
        int head = (k.getModulus().bitLength() + 7) / 8;
        byte[] aesKey = oaep.processBlock(ciphertext, 0, head);
        assertThat(aesKey).hasSize(32);
        var kwp = new RFC5649WrapEngine(AESEngine.newInstance());
        kwp.init(false, new KeyParameter(aesKey));
        return kwp.unwrap(ciphertext, head, ciphertext.length - head);
    }

    @Test
    void release_is_on_the_ledger_with_a_receipt() throws Exception {
        fx.createExportable("skr-ledger", "\"kty\":\"RSA\",\"key_size\":2048", fx.snpPolicy());
        var res = fx.release("skr-ledger", token);
        assertThat(res.statusCode()).isEqualTo(200);
        String index = res.headers().firstValue("x-trustplane-ledger-entry").orElseThrow();
        JsonNode entry = json(fx.client.get("/ledger/entries/" + index, fx.admin));
        JsonNode record = Json.MAPPER.readTree(Base64.getDecoder().decode(entry.path("contents").asString()));
        assertThat(record.path("type").asString()).isEqualTo("key.release");
        assertThat(record.path("key").asString()).isEqualTo("skr-ledger");
        assertThat(record.path("verdict").asString()).isEqualTo("released");
        assertThat(record.path("tokenSha256").asString()).hasSize(64);
        assertThat(record.path("tokenJti").asString()).isNotBlank();
        assertThat(record.path("policySha256").asString()).hasSize(64);
        assertThat(record.path("transferKid").asString()).isEqualTo("transfer-1");
        assertThat(record.toString()).doesNotContain(token).doesNotContain("key_hsm");
        assertThat(fx.client.get("/ledger/entries/" + index + "/receipt", fx.admin).statusCode()).isEqualTo(200);
    }

    @Test
    void debuggable_evidence_is_denied_naming_the_condition() throws Exception {
        fx.createExportable("skr-debug", "\"kty\":\"RSA\",\"key_size\":2048", fx.snpPolicy());
        String debugToken = fx.attest(new SnpSpec().debug(true), SkrFixture.runtimeData(), null);
        var res = fx.release("skr-debug", debugToken);
        assertDenied(res, 403, "Forbidden");
        assertThat(errorMessage(res)).contains("x-ms-sevsnpvm-is-debuggable").contains("true");
        assertThat(lastRecord().path("verdict").asString()).isEqualTo("denied");
    }

    @Test
    void wrong_measurement_is_denied() throws Exception {
        fx.createExportable("skr-meas", "\"kty\":\"RSA\",\"key_size\":2048", fx.policy(
                "{\"claim\":\"x-ms-sevsnpvm-launchmeasurement\",\"equals\":\"" + "22".repeat(48) + "\"}"));
        var res = fx.release("skr-meas", token);
        assertDenied(res, 403, "Forbidden");
        assertThat(errorMessage(res)).contains("x-ms-sevsnpvm-launchmeasurement").contains("22222222");
    }

    /** The server's own token signing keys, read from its store (SQLite in the data dir) with its master key. */
    private static AttestationTokens serverTokens(Path dataDir, Clock clock) throws Exception {
        try (var store = dev.trustplane.store.Store.open(dev.trustplane.store.StoreUrl.parse("sqlite"), dataDir);
                var master = dev.trustplane.kms.SealedFileMasterKey.openOrCreate(dataDir)) {
            var keys = dev.trustplane.server.servicekeys.ServiceKeys.open(store, master);
            return AttestationTokens.open(dev.trustplane.server.attestation.StoredSigningKeys.of(keys), clock,
                    AttestationTokens.DEFAULT_LIFETIME, Duration.ofDays(1));
        }
    }

    @Test
    void expired_and_foreign_tokens_are_rejected() throws Exception {
        fx.createExportable("skr-tok", "\"kty\":\"RSA\",\"key_size\":2048", fx.snpPolicy());
        String claimsJson = Json.MAPPER.writeValueAsString(tokenClaims(token));
        Map<String, Object> claims = Json.MAPPER.readValue(claimsJson,
                new tools.jackson.core.type.TypeReference<Map<String, Object>>() {});
        List.of("iss", "iat", "nbf", "exp", "jti").forEach(claims::remove);

        // Same signing key (this server's own), issued nine hours ago: expired.
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(9)), ZoneOffset.UTC);
        String expired = serverTokens(fx.dataDir, past).issue(fx.base, claims);
        var res = fx.release("skr-tok", expired);
        assertDenied(res, 403, "AttestationTokenRejected");
        assertThat(errorMessage(res)).contains("expired");

        // Same claims signed by a key this server does not know: an untrusted issuer.
        String foreign = AttestationTokens.loadOrCreate(dataDir.resolve("elsewhere"), Clock.systemUTC()).issue(fx.base, claims);
        res = fx.release("skr-tok", foreign);
        assertDenied(res, 403, "AttestationTokenRejected");
        assertThat(errorMessage(res)).contains("not a trusted authority");

        // A flipped signature byte.
        String[] parts = token.split("\\.");
        char c = parts[2].charAt(10);
        String tampered = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + (c == 'A' ? 'B' : 'A') + parts[2].substring(11);
        assertDenied(fx.release("skr-tok", tampered), 403, "AttestationTokenRejected");

        // alg none and garbage.
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        assertThat(fx.release("skr-tok", none).statusCode()).isIn(400, 403);
        assertDenied(fx.release("skr-tok", "not-a-jwt"), 400, "BadParameter");
    }

    @Test
    void nonces_must_match_the_token_and_are_single_use() throws Exception {
        fx.createExportable("skr-nonce", "\"kty\":\"RSA\",\"key_size\":2048", fx.policy(
                "{\"claim\":\"x-ms-attestation-type\",\"equals\":\"sevsnpvm\"}", "{\"claim\":\"nonce\",\"exists\":true}"));
        String nonced = fx.attest(new SnpSpec(), SkrFixture.runtimeData(), "n-7f3a");
        String path = "/keys/skr-nonce/release" + KV;

        assertDenied(fx.release("skr-nonce", token), 403, "Forbidden"); // policy wants a nonce claim
        assertDenied(fx.release(path, fx.admin, Map.of("target", nonced, "nonce", "other")), 403, "Forbidden");
        var ok = fx.release(path, fx.admin, Map.of("target", nonced, "nonce", "n-7f3a"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ReleasedKey.open(json(ok).path("value").asString(), (RSAPrivateCrtKey) TRANSFER.getPrivate(), fx.trust())
                .nonce()).contains("n-7f3a");
        var replay = fx.release(path, fx.admin, Map.of("target", nonced, "nonce", "n-7f3a"));
        assertDenied(replay, 403, "Forbidden");
        assertThat(errorMessage(replay)).contains("already used");
    }

    @Test
    void transfer_key_problems_are_bad_requests() throws Exception {
        fx.createExportable("skr-tk", "\"kty\":\"RSA\",\"key_size\":2048", fx.snpPolicy());
        String noRuntime = fx.attest(new SnpSpec(), null, null);
        var res = fx.release("skr-tk", noRuntime);
        assertDenied(res, 400, "BadParameter");
        assertThat(errorMessage(res)).contains("x-ms-runtime");

        KeyPair weak = SkrFixture.rsa(1024);
        String weakToken = fx.attest(new SnpSpec(), SkrFixture.runtimeData((RSAPublicKey) weak.getPublic(), "weak"), null);
        res = fx.release("skr-tk", weakToken);
        assertDenied(res, 400, "BadParameter");
        assertThat(errorMessage(res)).contains("1024-bit");

        String sigOnly = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"s\",\"use\":\"sig\",\"n\":\""
                + b64(((RSAPublicKey) TRANSFER.getPublic()).getModulus().toByteArray()) + "\",\"e\":\"AQAB\"}]}";
        String sigToken = fx.attest(new SnpSpec(), sigOnly.getBytes(StandardCharsets.UTF_8), null);
        assertDenied(fx.release("skr-tk", sigToken), 400, "BadParameter");
    }

    @Test
    void malformed_requests_and_unreleasable_keys_release_nothing() throws Exception {
        fx.createExportable("skr-bad", "\"kty\":\"RSA\",\"key_size\":2048", fx.snpPolicy());
        String path = "/keys/skr-bad/release" + KV;
        assertDenied(fx.release(path, fx.admin, Map.of("target", token, "enc", "AES_KEY_WRAP")), 400, "BadParameter");
        assertDenied(fx.release(path, fx.admin, Map.of("target", token, "extra", 1)), 400, "BadParameter");
        assertDenied(fx.release(path, fx.admin, Map.of("nonce", "x")), 400, "BadParameter");
        assertDenied(fx.release(path, fx.admin, Map.of("target", 5)), 400, "BadParameter");
        assertThat(fx.release("/keys/skr-bad/release", fx.admin, Map.of("target", token)).statusCode()).isEqualTo(400);
        assertThat(fx.release("/keys/missing/release" + KV, fx.admin, Map.of("target", token)).statusCode()).isEqualTo(404);

        // A non-exportable key has no policy and is never released.
        fx.client.post("/keys/skr-plain/create" + KV, fx.admin, "application/json", "{\"kty\":\"RSA\",\"key_size\":2048}");
        assertDenied(fx.release("skr-plain", token), 403, "Forbidden");

        // A disabled version is not released either.
        fx.client.send(fx.client.request("/keys/skr-bad/" + KV, fx.admin).header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"attributes\":{\"enabled\":false}}")));
        assertDenied(fx.release("skr-bad", token), 403, "Forbidden");
    }

    @Test
    void callers_need_the_release_permission() throws Exception {
        fx.createExportable("skr-rbac", "\"kty\":\"RSA\",\"key_size\":2048", fx.snpPolicy());
        String auditorToken = json(fx.client.post("/admin/tokens", fx.admin, "application/json",
                "{\"name\":\"auditor2\",\"role\":\"Managed HSM Crypto Auditor\"}")).path("token").asString();
        var denied = fx.release("/keys/skr-rbac/release" + KV, auditorToken, Map.of("target", token));
        assertDenied(denied, 403, "Forbidden");
        String releaser = json(fx.client.post("/admin/tokens", fx.admin, "application/json",
                "{\"name\":\"releaser\",\"role\":\"Managed HSM Crypto Service Release User\"}")).path("token").asString();
        assertThat(fx.release("/keys/skr-rbac/release" + KV, releaser, Map.of("target", token)).statusCode()).isEqualTo(200);
        // The auditor may dry-run (it reads keys), and learns the verdict but gets no key.
        var dry = fx.release("/keys/skr-rbac/release" + KV + "&dryRun=true", auditorToken, Map.of("target", token));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        assertThat(json(dry).path("allowed").asBoolean()).isTrue();
        assertThat(json(dry).has("value")).isFalse();
    }

    @Test
    void dry_run_explains_without_releasing_or_recording() throws Exception {
        fx.createExportable("skr-dry", "\"kty\":\"RSA\",\"key_size\":2048", fx.snpPolicy());
        String debugToken = fx.attest(new SnpSpec().debug(true), SkrFixture.runtimeData(), null);
        long before = ledgerSize();
        var dry = fx.release("/keys/skr-dry/release" + KV + "&dryRun=true", fx.admin, Map.of("target", debugToken));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        JsonNode body = json(dry);
        assertThat(body.path("allowed").asBoolean()).isFalse();
        assertThat(body.path("failedCondition").path("claim").asString()).isEqualTo("x-ms-sevsnpvm-is-debuggable");
        assertThat(body.has("value")).isFalse();
        var allowed = fx.release("/keys/skr-dry/release" + KV + "&dryRun=true", fx.admin, Map.of("target", token));
        assertThat(json(allowed).path("allowed").asBoolean()).isTrue();
        assertThat(json(allowed).path("transferKeyId").asString()).isEqualTo("transfer-1");
        assertThat(ledgerSize()).isEqualTo(before);
    }

    @Test
    void a_response_from_another_signer_is_refused_by_the_workload() throws Exception {
        fx.createExportable("skr-trust", "\"kty\":\"RSA\",\"key_size\":2048", fx.snpPolicy());
        String jws = json(fx.release("skr-trust", token)).path("value").asString();
        var otherCa = SkrFixture.rsa(2048);
        var selfSigned = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(new org.bouncycastle.asn1.x500.X500Name("CN=other"),
                        BigInteger.ONE, java.util.Date.from(Instant.now().minusSeconds(60)),
                        java.util.Date.from(Instant.now().plusSeconds(3600)), new org.bouncycastle.asn1.x500.X500Name("CN=other"),
                        otherCa.getPublic()).build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA")
                        .build(otherCa.getPrivate())));
        assertThatThrownBy(() -> ReleasedKey.open(jws, (RSAPrivateCrtKey) TRANSFER.getPrivate(),
                ReleaseResponseTrust.anchoredAt(List.of(selfSigned)))).isInstanceOf(ReleaseResponseException.class)
                .hasMessageContaining("does not chain");
        // The right trust but the wrong transfer key: no key.
        assertThatThrownBy(() -> ReleasedKey.open(jws, (RSAPrivateCrtKey) SkrFixture.rsa(2048).getPrivate(), fx.trust()))
                .isInstanceOf(ReleaseResponseException.class).hasMessageContaining("does not unwrap");
    }

    @Test
    void a_tampered_or_malformed_response_opens_no_key() throws Exception {
        fx.createExportable("skr-tamper", "\"kty\":\"oct-HSM\",\"key_size\":256", fx.snpPolicy());
        String jws = json(fx.release("skr-tamper", token)).path("value").asString();
        String[] parts = jws.split("\\.");
        byte[] payload = java.util.Base64.getUrlDecoder().decode(parts[1]);
        String text = new String(payload, java.nio.charset.StandardCharsets.UTF_8).replace("\"oct", "\"OCT");
        assertThat(text).isNotEqualTo(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
        RSAPrivateCrtKey transfer = (RSAPrivateCrtKey) TRANSFER.getPrivate();
        assertThatThrownBy(() -> ReleasedKey.open(tampered, transfer, fx.trust()))
                .isInstanceOf(ReleaseResponseException.class).hasMessageContaining("signature does not verify");
        assertThatThrownBy(() -> ReleasedKey.open(parts[0] + "." + parts[1], transfer, fx.trust()))
                .isInstanceOf(ReleaseResponseException.class).hasMessageContaining("not a compact JWS");
        assertThatThrownBy(() -> ReleasedKey.open(jws.substring(0, jws.length() - 8), transfer, fx.trust()))
                .isInstanceOf(ReleaseResponseException.class);
    }

    private static void assertDenied(HttpResponse<String> res, int status, String code) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(errorCode(res)).as(res.body()).isEqualTo(code);
        assertThat(res.body()).doesNotContain("\"value\"").doesNotContain("key_hsm");
    }

    private static JsonNode lastRecord() throws Exception {
        long size = ledgerSize();
        JsonNode entry = json(fx.client.get("/ledger/entries/" + (size - 1), fx.admin));
        return Json.MAPPER.readTree(Base64.getDecoder().decode(entry.path("contents").asString()));
    }

    private static long ledgerSize() throws Exception {
        return Long.parseLong(fx.client.get("/ledger/checkpoint", null).body().split("\n")[1]);
    }

    private static Map<String, Object> tokenClaims(String jwt) {
        return Json.MAPPER.readValue(unb64(jwt.split("\\.")[1]),
                new tools.jackson.core.type.TypeReference<Map<String, Object>>() {});
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] unb64(String text) {
        return Base64.getUrlDecoder().decode(text);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
