package dev.trustplane.server.kms;

import static dev.trustplane.server.kms.SkrFixture.KV;
import static dev.trustplane.server.kms.SkrFixture.b64url;
import static dev.trustplane.server.kms.SkrFixture.errorMessage;
import static dev.trustplane.server.kms.SkrFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exportable keys and their release policies over HTTP: Key Vault's pairing rules (AKV.SKR.1004/1005), invalid
 * policies refused with the path of the bad node, a mutable policy changed by PATCH (and release following the
 * change at once), and an immutable one frozen for good.
 */
class ReleasePolicyLifecycleTest {
    @TempDir
    static Path dataDir;
    static SkrFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new SkrFixture(dataDir, List.of());
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static HttpResponse<String> patch(String name, String body) throws Exception {
        return fx.client.send(fx.client.request("/keys/" + name + "/" + KV, fx.admin).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String policyJson(String policy, boolean immutable) {
        return "{\"release_policy\":{\"data\":\"" + b64url(policy) + "\",\"immutable\":" + immutable + "}}";
    }

    @Test
    void exportable_keys_need_a_policy_and_others_must_not_have_one() throws Exception {
        var noPolicy = fx.client.post("/keys/p1/create" + KV, fx.admin, "application/json",
                "{\"kty\":\"RSA\",\"attributes\":{\"exportable\":true}}");
        assertThat(noPolicy.statusCode()).isEqualTo(400);
        assertThat(errorMessage(noPolicy)).contains("AKV.SKR.1004");
        var notExportable = fx.client.post("/keys/p1/create" + KV, fx.admin, "application/json",
                "{\"kty\":\"RSA\",\"release_policy\":{\"data\":\"" + b64url(fx.snpPolicy()) + "\"}}");
        assertThat(notExportable.statusCode()).isEqualTo(400);
        assertThat(errorMessage(notExportable)).contains("AKV.SKR.1005");
        assertThat(fx.client.get("/keys/p1" + KV, fx.admin).statusCode()).isEqualTo(404);
    }

    @Test
    void invalid_policies_are_refused_with_the_path_and_store_nothing() throws Exception {
        String bad = "{\"version\":\"1.0.0\",\"anyOf\":[{\"authority\":\"" + fx.base + "\",\"allOf\":["
                + "{\"claim\":\"x-ms-attestation-type\",\"equal\":\"sevsnpvm\"}]}]}";
        var res = fx.createExportable("p2", "\"kty\":\"RSA\",\"key_size\":2048", bad);
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(errorMessage(res)).contains("anyOf[0].allOf[0]").contains("equal");
        assertThat(fx.client.get("/keys/p2" + KV, fx.admin).statusCode()).isEqualTo(404);
    }

    @Test
    void a_mutable_policy_changes_and_release_follows_it() throws Exception {
        assertThat(fx.createExportable("p3", "\"kty\":\"RSA\",\"key_size\":2048", fx.snpPolicy()).statusCode()).isEqualTo(200);
        String token = fx.attest();
        assertThat(fx.release("p3", token).statusCode()).isEqualTo(200);

        String stricter = fx.policy("{\"claim\":\"x-ms-sevsnpvm-guestsvn\",\"greaterOrEquals\":5}");
        var updated = patch("p3", policyJson(stricter, false));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(new String(Base64.getUrlDecoder().decode(json(updated).path("release_policy").path("data").asString())))
                .isEqualTo(stricter);
        var denied = fx.release("p3", token);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(errorMessage(denied)).contains("x-ms-sevsnpvm-guestsvn");
    }

    @Test
    void an_immutable_policy_is_frozen_for_good() throws Exception {
        assertThat(fx.createExportable("p4", "\"kty\":\"RSA\",\"key_size\":2048", fx.snpPolicy()).statusCode()).isEqualTo(200);
        assertThat(patch("p4", policyJson(fx.snpPolicy(), true)).statusCode()).isEqualTo(200);
        var again = patch("p4", policyJson(fx.snpPolicy(), false));
        assertThat(again.statusCode()).isEqualTo(409);
        var other = patch("p4", policyJson(fx.policy("{\"claim\":\"x-ms-attestation-type\",\"equals\":\"sevsnpvm\"}"), true));
        assertThat(other.statusCode()).isEqualTo(409);
        var key = json(fx.client.get("/keys/p4" + KV, fx.admin));
        assertThat(key.path("release_policy").path("immutable").asBoolean()).isTrue();
        assertThat(new String(Base64.getUrlDecoder().decode(key.path("release_policy").path("data").asString())))
                .isEqualTo(fx.snpPolicy());
        // Other attributes remain editable.
        assertThat(patch("p4", "{\"tags\":{\"owner\":\"db\"}}").statusCode()).isEqualTo(200);
    }
}
