package dev.trustplane.kms.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Transfer-key selection, the key_hsm envelope and the trusted-authority option syntax. */
class ReleaseEnvelopeTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final KeyPair RSA2048 = rsa(2048);

    static KeyPair rsa(int bits) {
        try {
            var g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String jwk(KeyPair pair, String kid, String extra) {
        String json = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).build().toJSONString();
        return extra.isEmpty() ? json : json.substring(0, json.length() - 1) + "," + extra + "}";
    }

    static JsonNode claims(String keysJson) {
        return JSON.readTree("{\"x-ms-runtime\":{\"keys\":" + keysJson + "}}");
    }

    @Test
    void the_first_rsa_encryption_key_is_chosen() {
        String keys = "[{\"kty\":\"EC\",\"kid\":\"ec\",\"use\":\"enc\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"},"
                + jwk(RSA2048, "sig", "\"use\":\"sig\"") + "," + jwk(RSA2048, "ops", "\"key_ops\":[\"verify\",\"encrypt\"]")
                + "," + jwk(RSA2048, "later", "\"use\":\"enc\"") + "]";
        assertThat(TransferKey.select(claims(keys)).kid()).isEqualTo("ops");
        assertThat(TransferKey.select(claims("[" + jwk(RSA2048, "legacy", "\"key_use\":\"enc\"") + "]")).kid())
                .isEqualTo("legacy");
    }

    @Test
    void unusable_transfer_keys_are_refused_with_the_reason() {
        assertBad(JSON.readTree("{}"), "x-ms-runtime");
        assertBad(JSON.readTree("{\"x-ms-runtime\":{\"keys\":{}}}"), "keys");
        assertBad(claims("[" + jwk(RSA2048, "s", "\"use\":\"sig\"") + "]"), "No key");
        assertBad(claims("[" + jwk(rsa(1024), "w", "\"use\":\"enc\"") + "]"), "1024-bit");
        assertBad(claims("[{\"kty\":\"RSA\",\"use\":\"enc\",\"kid\":\"x\",\"n\":\"!!\",\"e\":\"AQAB\"}]"), "not a valid");
        assertBad(claims("[" + new RSAKey.Builder((RSAPublicKey) RSA2048.getPublic()).keyUse(KeyUse.ENCRYPTION).build()
                .toJSONString() + "]"), "kid");
    }

    @Test
    void key_hsm_is_the_byok_envelope_and_unwraps() throws Exception {
        byte[] material = "0123456789abcdef0123456789abcdef-and-more".getBytes(StandardCharsets.UTF_8);
        for (ReleaseEncryption enc : ReleaseEncryption.values()) {
            String keyHsm = KeyHsmEnvelope.seal((RSAPublicKey) RSA2048.getPublic(), "tk", enc, material);
            assertThat(keyHsm).doesNotContain("=").doesNotContain("+").doesNotContain("/");
            JsonNode env = JSON.readTree(Base64.getUrlDecoder().decode(keyHsm));
            assertThat(env.path("schema_version").asString()).isEqualTo("1.0");
            assertThat(env.path("header").path("kid").asString()).isEqualTo("tk");
            assertThat(env.path("header").path("alg").asString()).isEqualTo("dir");
            assertThat(env.path("header").path("enc").asString()).isEqualTo(enc.name());
            byte[] ct = Base64.getUrlDecoder().decode(env.path("ciphertext").asString());
            assertThat(ct).hasSize(256 + 8 + 48);

            var mgf = new MGF1ParameterSpec(enc.oaepHash());
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.DECRYPT_MODE, RSA2048.getPrivate(), new OAEPParameterSpec(enc.oaepHash(), "MGF1", mgf,
                    PSource.PSpecified.DEFAULT));
            byte[] aes = rsa.doFinal(ct, 0, 256);
            Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
            kwp.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aes, "AES"));
            assertThat(kwp.doFinal(ct, 256, ct.length - 256)).isEqualTo(material);
        }
    }

    @Test
    void enc_names_are_exact() {
        assertThat(ReleaseEncryption.fromWire("RSA_AES_KEY_WRAP_384")).isEqualTo(ReleaseEncryption.RSA_AES_KEY_WRAP_384);
        assertThatThrownBy(() -> ReleaseEncryption.fromWire("rsa_aes_key_wrap_256")).isInstanceOf(ReleaseException.class)
                .hasMessageContaining("CKM_RSA_AES_KEY_WRAP");
    }

    @Test
    void trusted_authority_options_parse_or_say_why_not() {
        var a = TrustedAuthority.parse("https://maa.example,ca=/etc/ca.pem,pin=/etc/signer.pem");
        assertThat(a.issuer()).isEqualTo(URI.create("https://maa.example"));
        assertThat(a.tlsCa()).isPresent();
        assertThat(a.pinnedSigningCert()).isPresent();
        assertThatThrownBy(() -> TrustedAuthority.parse("http://maa.example")).hasMessageContaining("https");
        assertThatThrownBy(() -> TrustedAuthority.parse("https://maa.example,foo=1")).hasMessageContaining("unknown");
        assertThatThrownBy(() -> TrustedAuthority.parse("https://maa.example,ca=")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> TrustedAuthority.parse("https://maa.example?x=1")).hasMessageContaining("query");
    }

    private static void assertBad(JsonNode claims, String message) {
        assertThatThrownBy(() -> TransferKey.select(claims)).isInstanceOfSatisfying(ReleaseException.class, e -> {
            assertThat(e.kind()).isEqualTo(ReleaseException.Kind.BAD_REQUEST);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
