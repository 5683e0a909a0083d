package dev.trustplane.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PolicyUploadTest {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static String b64(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plain_text_is_taken_as_is() {
        PolicyUpload u = PolicyUpload.parse("  version=1.0; authorizationrules { => permit(); };\n");
        assertThat(u.form()).isEqualTo(PolicyUpload.Form.TEXT);
        assertThat(u.policyText()).isEqualTo("version=1.0; authorizationrules { => permit(); };");
        assertThat(u.headerJson()).isNull();
    }

    @Test
    void unsigned_jwt_with_base64url_or_raw_policy() {
        String text = "version=1.2; authorizationrules { => permit(); };";
        String jwt = b64("{\"alg\":\"none\"}") + "." + b64("{\"AttestationPolicy\":\"" + b64(text) + "\"}") + ".";
        assertThat(PolicyUpload.parse(jwt).policyText()).isEqualTo(text);
        String raw = b64("{\"alg\":\"none\"}") + "." + b64("{\"AttestationPolicy\":\"" + text + "\"}") + ".";
        assertThat(PolicyUpload.parse(raw).policyText()).isEqualTo(text);
    }

    @Test
    void malformed_jwts_are_refused_with_reasons() {
        String header = b64("{\"alg\":\"none\"}");
        assertThatThrownBy(() -> PolicyUpload.parse(header + "." + b64("{\"x\":1}") + "."))
                .isInstanceOf(PolicyUploadException.class).hasMessageContaining("no \"AttestationPolicy\"");
        assertThatThrownBy(() -> PolicyUpload.parse(b64("{\"typ\":\"JWT\"}") + "." + b64("{}") + "."))
                .hasMessageContaining("no \"alg\"");
        assertThatThrownBy(() -> PolicyUpload.parse(header + "." + b64("[1]") + "."))
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> PolicyUpload.parse(header + "." + b64("{\"AttestationPolicy\":\"eA\"}") + ".c2ln"))
                .hasMessageContaining("must have an empty signature");
        assertThatThrownBy(() -> PolicyUpload.parse(b64("{\"alg\":\"RS256\"}") + "." + b64("{\"AttestationPolicy\":\"eA\"}") + "."))
                .hasMessageContaining("has no signature");
    }
}
