package dev.trustplane.agent.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The envelope format: a fixed vector, round trips for both key kinds, rewrap, and every byte tampered. */
class EnvelopesTest {
    static final byte[] AD = "sales/7/amount".getBytes(StandardCharsets.UTF_8);
    static final byte[] PLAIN = "4200.00 EUR".getBytes(StandardCharsets.UTF_8);
    static final KeyEncryptionKey AES = new KeyEncryptionKey("sales-kek/1", new SecretKeySpec(range(0, 32), "AES"));

    static byte[] range(int from, int count) {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = (byte) (from + i);
        }
        return out;
    }

    /** Computed independently (Python's cryptography package: aes_key_wrap, AESGCM) from the format description. */
    static final String VECTOR = "545045010b73616c65732d6b656b2f31010028bd2a276ae8c7464c7e8b396674ac6e0e9558c84c6009b3fa"
            + "413cf06a67a200823e4d720df2419fa9606162636465666768696a6b981a393529a4a0864cd42bc98ef8c5a3054c40d59a41de656f4d45";

    @Test
    void fixed_keys_give_the_fixed_vector() throws Exception {
        int[] call = {0};
        byte[] env = Envelopes.encrypt(AES, PLAIN, AD, b -> {
            byte[] src = call[0]++ == 0 ? range(0x40, 32) : range(0x60, 12);
            System.arraycopy(src, 0, b, 0, b.length);
        });
        assertThat(HexFormat.of().formatHex(env)).isEqualTo(VECTOR);
        assertThat(Envelopes.decrypt(AES, HexFormat.of().parseHex(VECTOR), AD)).isEqualTo(PLAIN);
        assertThat(Envelopes.keyId(env)).isEqualTo("sales-kek/1");
    }

    @Test
    void rsa_keys_wrap_with_oaep_and_rewrap_keeps_the_data_ciphertext() throws Exception {
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var rsa = new KeyEncryptionKey("sales-kek/2", gen.generateKeyPair().getPrivate());
        byte[] env = Envelopes.encrypt(AES, PLAIN, AD);
        byte[] moved = Envelopes.rewrap(env, AES, rsa);
        assertThat(Envelopes.keyId(moved)).isEqualTo("sales-kek/2");
        assertThat(Envelopes.decrypt(rsa, moved, AD)).isEqualTo(PLAIN);
        // Same nonce and ciphertext at the end: only the wrapped key changed.
        assertThat(java.util.Arrays.copyOfRange(moved, moved.length - 12 - PLAIN.length - 16, moved.length))
                .isEqualTo(java.util.Arrays.copyOfRange(env, env.length - 12 - PLAIN.length - 16, env.length));
        assertThatThrownBy(() -> Envelopes.decrypt(AES, moved, AD)).isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("needs key 'sales-kek/2'");
    }

    @Test
    void every_tampered_byte_and_other_associated_data_fail() throws Exception {
        byte[] env = HexFormat.of().parseHex(VECTOR);
        for (int i = 0; i < env.length; i++) {
            byte[] t = env.clone();
            t[i] ^= 0x01;
            assertThatThrownBy(() -> Envelopes.decrypt(AES, t, AD)).as("byte %d", i).isInstanceOf(EnvelopeException.class);
        }
        for (int n = 0; n < env.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(env, n);
            assertThatThrownBy(() -> Envelopes.decrypt(AES, cut, AD)).as("length %d", n).isInstanceOf(EnvelopeException.class);
        }
        assertThatThrownBy(() -> Envelopes.decrypt(AES, env, "sales/8/amount".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("associated data");
        var sameIdOtherKey = new KeyEncryptionKey("sales-kek/1", new SecretKeySpec(range(1, 32), "AES"));
        assertThatThrownBy(() -> Envelopes.decrypt(sameIdOtherKey, env, AD)).isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("does not unwrap");
        assertThatThrownBy(() -> Envelopes.decrypt(AES, null, AD)).isInstanceOf(EnvelopeException.class);
    }

    @Test
    void key_encryption_keys_are_checked() {
        assertThatThrownBy(() -> new KeyEncryptionKey("", AES.key())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyEncryptionKey("k", new SecretKeySpec(new byte[16], "AES")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AES-256");
        assertThat(AES.toString()).doesNotContain("000102");
    }
}
