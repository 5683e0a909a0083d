package dev.trustplane.server.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.SealedFileMasterKey;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.http.Json;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The keys API over HTTPS with java.net.http: every route, positive and negative. */
class KeysHttpTest {
    @TempDir
    static Path dataDir;
    static TrustplaneServer server;
    static KeysApi api;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dataDir),
                List.of());
        api = new KeysApi(new TestClient(server.caCertificate(), server.port()), AdminToken.read(dataDir.resolve("admin.token")));
        base = "https://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void api_version_is_required_and_checked() throws Exception {
        var missing = api.raw("GET", "/keys", null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("BadParameter");
        assertThat(missing.json().path("error").path("message").asString()).contains("7.4, 7.5, 7.6, 2025-07-01");
        assertThat(api.raw("GET", "/keys?api-version=7.3", null).status()).isEqualTo(400);
        for (String v : KeyVaultHttp.API_VERSIONS) {
            assertThat(api.raw("GET", "/keys?api-version=" + v, null).status()).isEqualTo(200);
        }
    }

    @Test
    void requests_without_a_token_get_the_challenge() throws Exception {
        var anonymous = new KeysApi(api.client, null);
        var res = anonymous.post("/keys/anon/create", "{\"kty\":\"RSA\"}");
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.code()).isEqualTo("Unauthorized");
    }

    @Test
    void create_returns_a_key_bundle_with_a_full_kid() throws Exception {
        var res = api.post("/keys/h-rsa/create", "{\"kty\":\"RSA\",\"key_size\":2048,\"public_exponent\":0,\"attributes\":{},"
                + "\"tags\":{\"team\":\"kms\"}}");
        assertThat(res.status()).isEqualTo(200);
        String kid = res.json().path("key").path("kid").asString();
        assertThat(kid).matches(java.util.regex.Pattern.quote(base) + "/keys/h-rsa/[0-9a-f]{32}");
        assertThat(res.json().path("key").path("n").asString()).doesNotContain("=").hasSize(342);
        assertThat(res.json().path("key").has("d")).isFalse();
        assertThat(res.json().path("attributes").path("created").isIntegralNumber()).isTrue();
        assertThat(res.json().path("attributes").path("recoveryLevel").asString()).isEqualTo("Recoverable+Purgeable");
        assertThat(res.json().path("tags").path("team").asString()).isEqualTo("kms");
        var ec = api.post("/keys/h-ec/create", "{\"kty\":\"EC-HSM\",\"crv\":\"P-384\"}");
        assertThat(ec.json().path("key").path("crv").asString()).isEqualTo("P-384");
        var oct = api.post("/keys/h-oct/create", "{\"kty\":\"oct-HSM\",\"key_size\":256}");
        assertThat(oct.status()).isEqualTo(200);
        assertThat(oct.json().path("key").has("k")).isFalse();
    }

    @Test
    void bad_create_requests_are_400_in_key_vault_shape() throws Exception {
        for (String body : List.of("{\"kty\":\"DSA\"}", "{\"kty\":\"RSA\",\"key_size\":1024}", "{\"kty\":\"EC\",\"crv\":\"P-192\"}",
                "{\"kty\":\"RSA\",\"unknown\":1}", "{\"kty\":\"oct-HSM\",\"key_size\":64}", "{}", "not json",
                "{\"kty\":\"RSA\",\"key_ops\":[\"fly\"]}", "{\"kty\":\"RSA\",\"attributes\":{\"exportable\":true}}")) {
            var res = api.post("/keys/bad/create", body);
            assertThat(res.status()).as(body).isEqualTo(400);
            assertThat(res.code()).as(body).isEqualTo("BadParameter");
        }
        assertThat(api.post("/keys/bad_name/create", "{\"kty\":\"RSA\"}").status()).isEqualTo(400);
        assertThat(api.call("GET", "/keys/bad/create", null).status()).isEqualTo(405);
    }

    @Test
    void get_latest_with_and_without_slash_and_by_version() throws Exception {
        var v1 = api.post("/keys/h-get/create", "{\"kty\":\"EC\",\"crv\":\"P-256\"}").json();
        var v2 = api.post("/keys/h-get/create", "{\"kty\":\"EC\",\"crv\":\"P-256\"}").json();
        String v1Kid = v1.path("key").path("kid").asString();
        String v1Version = v1Kid.substring(v1Kid.lastIndexOf('/') + 1);
        assertThat(api.get("/keys/h-get").json().path("key").path("kid")).isEqualTo(v2.path("key").path("kid"));
        assertThat(api.get("/keys/h-get/").json().path("key").path("kid")).isEqualTo(v2.path("key").path("kid"));
        assertThat(api.get("/keys/h-get/" + v1Version).json().path("key").path("x")).isEqualTo(v1.path("key").path("x"));
        var missing = api.get("/keys/h-none");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("KeyNotFound");
        assertThat(api.get("/keys/h-get/" + "0".repeat(32)).status()).isEqualTo(404);
        assertThat(api.get("/keys/h-get/not-a-version").status()).isEqualTo(404);
        var versions = api.get("/keys/h-get/versions").json().path("value");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).path("kid").asString()).isEqualTo(v1Kid);
        assertThat(api.get("/keys/h-none/versions").status()).isEqualTo(404);
    }

    @Test
    void list_pages_follow_next_link_as_a_full_url() throws Exception {
        for (int i = 0; i < 5; i++) {
            api.post("/keys/page-" + i + "/create", "{\"kty\":\"oct-HSM\",\"key_size\":128}");
        }
        List<String> kids = new ArrayList<>();
        JsonNode page = api.get("/keys?maxresults=2").json();
        int pages = 1;
        while (true) {
            page.path("value").forEach(item -> kids.add(item.path("kid").asString()));
            if (page.path("nextLink").isNull()) {
                break;
            }
            String next = page.path("nextLink").asString();
            assertThat(next).startsWith(base + "/keys?api-version=2025-07-01&maxresults=2&$skiptoken=");
            page = api.raw("GET", next.substring(base.length()), null).json();
            pages++;
        }
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(kids).doesNotHaveDuplicates().contains(base + "/keys/page-0", base + "/keys/page-4");
        assertThat(api.get("/keys?maxresults=0").status()).isEqualTo(400);
        assertThat(api.get("/keys?maxresults=26").status()).isEqualTo(400);
        assertThat(api.get("/keys?$skiptoken=%25%25").status()).isEqualTo(400);
    }

    @Test
    void patch_updates_attributes_tags_and_ops() throws Exception {
        String kid = api.post("/keys/h-upd/create", "{\"kty\":\"RSA\"}").json().path("key").path("kid").asString();
        String version = kid.substring(kid.lastIndexOf('/') + 1);
        var res = api.call("PATCH", "/keys/h-upd/" + version, "{\"key_ops\":[\"verify\"],\"attributes\":{\"enabled\":false,"
                + "\"exp\":1893456000},\"tags\":{\"a\":\"b\"}}");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().path("attributes").path("enabled").asBoolean()).isFalse();
        assertThat(res.json().path("attributes").path("exp").asLong()).isEqualTo(1893456000L);
        assertThat(res.json().path("key").path("key_ops").toString()).isEqualTo("[\"verify\"]");
        var latest = api.call("PATCH", "/keys/h-upd", "{\"key_ops\":[],\"attributes\":{\"enabled\":true}}");
        assertThat(latest.json().path("attributes").path("enabled").asBoolean()).isTrue();
        assertThat(latest.json().path("key").path("key_ops").toString()).isEqualTo("[\"verify\"]");
        assertThat(api.call("PATCH", "/keys/h-upd/", "{\"attributes\":{\"enabled\":\"yes\"}}").status()).isEqualTo(400);
        assertThat(api.call("PATCH", "/keys/h-upd", "{\"key\":{}}").status()).isEqualTo(400);
        assertThat(api.call("PATCH", "/keys/h-nope", "{}").status()).isEqualTo(404);
    }

    @Test
    void delete_recover_and_purge() throws Exception {
        api.post("/keys/h-del/create", "{\"kty\":\"oct-HSM\",\"key_size\":128}");
        var deleted = api.call("DELETE", "/keys/h-del", null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("recoveryId").asString()).isEqualTo(base + "/deletedkeys/h-del");
        long deletedDate = deleted.json().path("deletedDate").asLong();
        assertThat(deleted.json().path("scheduledPurgeDate").asLong()).isEqualTo(deletedDate + 90L * 86400);
        assertThat(api.get("/keys/h-del").status()).isEqualTo(404);
        assertThat(api.post("/keys/h-del/create", "{\"kty\":\"RSA\"}").status()).isEqualTo(409);
        assertThat(api.get("/deletedkeys/h-del").json().path("recoveryId").asString()).endsWith("/deletedkeys/h-del");
        assertThat(api.get("/deletedkeys").json().path("value").toString()).contains(base + "/keys/h-del");
        assertThat(api.post("/deletedkeys/h-del/recover", null).status()).isEqualTo(200);
        assertThat(api.get("/keys/h-del/").status()).isEqualTo(200);
        assertThat(api.call("DELETE", "/deletedkeys/h-del", null).status()).isEqualTo(404);
        assertThat(api.post("/deletedkeys/h-del/recover", null).status()).isEqualTo(404);
        api.call("DELETE", "/keys/h-del", null);
        var purge = api.call("DELETE", "/deletedkeys/h-del", null);
        assertThat(purge.status()).isEqualTo(204);
        assertThat(purge.body()).isEmpty();
        assertThat(api.get("/deletedkeys/h-del").status()).isEqualTo(404);
        assertThat(api.call("DELETE", "/keys/h-del", null).status()).isEqualTo(404);
    }

    @Test
    void sign_and_verify_cross_checked_with_the_jdk() throws Exception {
        var key = api.post("/keys/h-sign/create", "{\"kty\":\"RSA\",\"key_size\":2048}").json().path("key");
        String kid = key.path("kid").asString();
        String path = kid.substring(base.length());
        byte[] message = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        var sig = api.post(path + "/sign", "{\"alg\":\"PS256\",\"value\":\"" + KeysApi.b64(digest) + "\"}");
        assertThat(sig.status()).isEqualTo(200);
        assertThat(sig.json().path("kid").asString()).isEqualTo(kid);
        byte[] signature = KeysApi.unb64(sig.json().path("value"));
        var jdk = Signature.getInstance("RSASSA-PSS");
        jdk.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
        jdk.initVerify(JwkKeys.rsa(key));
        jdk.update(message);
        assertThat(jdk.verify(signature)).isTrue();
        var ok = api.post(path + "/verify", "{\"alg\":\"PS256\",\"digest\":\"" + KeysApi.b64(digest) + "\",\"value\":\""
                + KeysApi.b64(signature) + "\"}");
        assertThat(ok.json().path("value").asBoolean()).isTrue();
        signature[0] ^= 1;
        var bad = api.post(path + "/verify", "{\"alg\":\"PS256\",\"digest\":\"" + KeysApi.b64(digest) + "\",\"value\":\""
                + KeysApi.b64(signature) + "\"}");
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.json().path("value").asBoolean()).isFalse();
        assertThat(api.post(path + "/sign", "{\"alg\":\"RS256\",\"value\":\"" + KeysApi.b64(new byte[31]) + "\"}").status())
                .isEqualTo(400);
        assertThat(api.post(path + "/sign", "{\"alg\":\"ES256\",\"value\":\"" + KeysApi.b64(digest) + "\"}").status()).isEqualTo(400);
        assertThat(api.post(path + "/sign", "{\"alg\":\"XS256\",\"value\":\"" + KeysApi.b64(digest) + "\"}").status()).isEqualTo(400);
        assertThat(api.post("/keys/h-sign/sign", "{\"alg\":\"RS256\",\"value\":\"" + KeysApi.b64(digest) + "\"}").status())
                .isEqualTo(200);
        assertThat(api.post("/keys/h-none/" + "0".repeat(32) + "/sign", "{\"alg\":\"RS256\",\"value\":\"" + KeysApi.b64(digest)
                + "\"}").status()).isEqualTo(404);
        api.call("PATCH", path, "{\"attributes\":{\"enabled\":false}}");
        var disabled = api.post(path + "/sign", "{\"alg\":\"RS256\",\"value\":\"" + KeysApi.b64(digest) + "\"}");
        assertThat(disabled.status()).isEqualTo(403);
        assertThat(disabled.code()).isEqualTo("Forbidden");
    }

    @Test
    void encrypt_decrypt_wrap_unwrap() throws Exception {
        String rsa = api.post("/keys/h-enc/create", "{\"kty\":\"RSA\"}").json().path("key").path("kid").asString().substring(base.length());
        String plain = KeysApi.b64("secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var ct = api.post(rsa + "/encrypt", "{\"alg\":\"RSA-OAEP-256\",\"value\":\"" + plain + "\"}");
        assertThat(ct.status()).isEqualTo(200);
        var pt = api.post(rsa + "/decrypt", "{\"alg\":\"RSA-OAEP-256\",\"value\":\"" + ct.json().path("value").asString() + "\"}");
        assertThat(pt.json().path("value").asString()).isEqualTo(plain);
        var wrapped = api.post(rsa + "/wrapkey", "{\"alg\":\"RSA-OAEP\",\"value\":\"" + plain + "\"}");
        var unwrapped = api.post(rsa + "/unwrapkey", "{\"alg\":\"RSA-OAEP\",\"value\":\"" + wrapped.json().path("value").asString() + "\"}");
        assertThat(unwrapped.json().path("value").asString()).isEqualTo(plain);
        assertThat(api.post(rsa + "/decrypt", "{\"alg\":\"RSA-OAEP-256\",\"value\":\"" + KeysApi.b64(new byte[256]) + "\"}").status())
                .isEqualTo(400);
        assertThat(api.post(rsa + "/encrypt", "{\"alg\":\"A256GCM\",\"value\":\"" + plain + "\"}").status()).isEqualTo(400);
        assertThat(api.post(rsa + "/encrypt", "{\"alg\":\"RSA-OAEP\"}").status()).isEqualTo(400);
        assertThat(api.post(rsa + "/encrypt", "{\"alg\":\"RSA-OAEP\",\"value\":\"" + plain + "\",\"extra\":1}").status()).isEqualTo(400);

        String aes = api.post("/keys/h-aes/create", "{\"kty\":\"oct-HSM\",\"key_size\":256}").json().path("key").path("kid")
                .asString().substring(base.length());
        String aad = KeysApi.b64(new byte[] {1, 2, 3});
        var gcm = api.post(aes + "/encrypt", "{\"alg\":\"A256GCM\",\"value\":\"" + plain + "\",\"aad\":\"" + aad + "\"}").json();
        assertThat(KeysApi.unb64(gcm.path("iv"))).hasSize(12);
        assertThat(KeysApi.unb64(gcm.path("tag"))).hasSize(16);
        assertThat(KeysApi.unb64(gcm.path("value"))).hasSize(6);
        var back = api.post(aes + "/decrypt", "{\"alg\":\"A256GCM\",\"value\":\"" + gcm.path("value").asString() + "\",\"iv\":\""
                + gcm.path("iv").asString() + "\",\"tag\":\"" + gcm.path("tag").asString() + "\",\"aad\":\"" + aad + "\"}");
        assertThat(back.json().path("value").asString()).isEqualTo(plain);
        var tampered = api.post(aes + "/decrypt", "{\"alg\":\"A256GCM\",\"value\":\"" + gcm.path("value").asString() + "\",\"iv\":\""
                + gcm.path("iv").asString() + "\",\"tag\":\"" + gcm.path("tag").asString() + "\"}");
        assertThat(tampered.status()).isEqualTo(400);
        String dek = KeysApi.b64(new byte[32]);
        var kw = api.post(aes + "/wrapkey", "{\"alg\":\"A256KW\",\"value\":\"" + dek + "\"}").json();
        assertThat(KeysApi.unb64(kw.path("value"))).hasSize(40);
        assertThat(api.post(aes + "/unwrapkey", "{\"alg\":\"A256KW\",\"value\":\"" + kw.path("value").asString() + "\"}")
                .json().path("value").asString()).isEqualTo(dek);
        assertThat(api.post(aes + "/wrapkey", "{\"alg\":\"A128KW\",\"value\":\"" + dek + "\"}").status()).isEqualTo(400);
        var cbc = api.post(aes + "/encrypt", "{\"alg\":\"A256CBCPAD\",\"value\":\"" + plain + "\"}").json();
        assertThat(api.post(aes + "/decrypt", "{\"alg\":\"A256CBCPAD\",\"value\":\"" + cbc.path("value").asString() + "\",\"iv\":\""
                + cbc.path("iv").asString() + "\"}").json().path("value").asString()).isEqualTo(plain);
    }

    @Test
    void import_accepts_a_valid_jwk_and_refuses_bad_ones() throws Exception {
        var gen = java.security.KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var k = (java.security.interfaces.RSAPrivateCrtKey) gen.generateKeyPair().getPrivate();
        String jwk = JwkKeys.privateJwk(k);
        var res = api.call("PUT", "/keys/h-imp", "{\"key\":" + jwk + ",\"Hsm\":true}");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().path("key").path("kty").asString()).isEqualTo("RSA-HSM");
        assertThat(res.json().path("key").has("d")).isFalse();
        String wrongD = jwk.replaceFirst("\"d\":\"[^\"]+\"", "\"d\":\"" + KeysApi.b64(new byte[] {3}) + "\"");
        assertThat(api.call("PUT", "/keys/h-imp2", "{\"key\":" + wrongD + "}").status()).isEqualTo(400);
        assertThat(api.call("PUT", "/keys/h-imp2", "{\"key\":{\"kty\":\"oct\",\"k\":\"" + KeysApi.b64(new byte[10]) + "\"}}").status())
                .isEqualTo(400);
        assertThat(api.call("PUT", "/keys/h-imp2", "{\"key\":{\"kty\":\"RSA\",\"key_hsm\":\"AA\"}}").status()).isEqualTo(400);
        assertThat(api.call("PUT", "/keys/h-imp2", "{\"key\":{\"kty\":\"EC\",\"crv\":\"P-192\"}}").status()).isEqualTo(400);
        assertThat(api.get("/keys/h-imp2").status()).isEqualTo(404);
    }

    @Test
    void kid_and_links_follow_the_host_the_client_called() throws Exception {
        api.post("/keys/h-host/create", "{\"kty\":\"oct-HSM\",\"key_size\":128}");
        assertThat(rawGet("/keys/h-host/?api-version=7.6", "kms.example.test:8443")).contains("\"kid\":\"https://kms.example.test:8443/keys/h-host/");
        String hostile = rawGet("/keys/h-host/?api-version=7.6", "evil.example/\"x");
        assertThat(hostile).doesNotContain("https://evil.example");
    }

    /** A raw HTTP/1.1 request with a Host header of our choosing (java.net.http does not allow setting it). */
    private static String rawGet(String pathAndQuery, String host) throws Exception {
        return api.client.raw("GET " + pathAndQuery + " HTTP/1.1\r\nHost: "
                + host + "\r\nAuthorization: Bearer " + api.token + "\r\nConnection: close\r\n\r\n");
    }

    @Test
    void rng_and_scoped_tokens() throws Exception {
        var rng = api.post("/rng", "{\"count\":32}");
        assertThat(KeysApi.unb64(rng.json().path("value"))).hasSize(32);
        assertThat(api.post("/rng", "{\"count\":0}").status()).isEqualTo(400);
        assertThat(api.post("/rng", "{}").status()).isEqualTo(400);
        api.post("/keys/h-mine/create", "{\"kty\":\"RSA\"}");
        api.post("/keys/h-theirs/create", "{\"kty\":\"RSA\"}");
        var issued = api.client.post("/admin/tokens", api.token, "application/json",
                "{\"role\":\"Administrator\",\"scope\":\"/keys/h-mine\"}");
        var scoped = new KeysApi(api.client, Json.MAPPER.readTree(issued.body()).path("token").asString());
        assertThat(scoped.get("/keys/h-mine").status()).isEqualTo(200);
        var denied = scoped.get("/keys/h-theirs");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.code()).isEqualTo("Forbidden");
        assertThat(scoped.get("/keys").status()).isEqualTo(403);
    }
}
