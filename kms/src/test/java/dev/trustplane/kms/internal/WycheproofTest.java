package dev.trustplane.kms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.kms.Curve;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Every Wycheproof case of the algorithms the keys API offers, through the KMS crypto layer: valid cases
 * must pass (and produce the expected output), invalid ones must be refused, acceptable ones may go either
 * way. Signatures are checked over the message's digest, since the keys API receives digests.
 */
class WycheproofTest {

    @ParameterizedTest
    @ValueSource(strings = {"rsa_oaep_2048_sha1_mgf1sha1_test.json", "rsa_oaep_2048_sha256_mgf1sha256_test.json",
            "rsa_oaep_2048_sha384_mgf1sha384_test.json", "rsa_oaep_3072_sha256_mgf1sha256_test.json"})
    void rsa_oaep_decrypt(String file) throws Exception {
        JsonNode root = Vectors.load(file);
        var v = new Vectors();
        for (JsonNode group : root.get("testGroups")) {
            RSAPrivateCrtKey key = rsaPrivate(group.get("privateKey"));
            String hash = group.get("sha").asString();
            assertThat(group.get("mgfSha").asString()).isEqualTo(hash);
            for (JsonNode t : group.get("tests")) {
                byte[] out = attempt(() -> RsaCiphers.decryptOaep(key, hash, Vectors.hex(t, "label"), Vectors.hex(t, "ct")));
                v.check(file, t, out != null && Arrays.equals(out, Vectors.hex(t, "msg")));
            }
        }
        assertAll(v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa_pkcs1_2048_test.json"})
    void rsa_pkcs1_decrypt(String file) throws Exception {
        JsonNode root = Vectors.load(file);
        var v = new Vectors();
        for (JsonNode group : root.get("testGroups")) {
            RSAPrivateCrtKey key = rsaPrivate(group.get("privateKey"));
            for (JsonNode t : group.get("tests")) {
                byte[] out = attempt(() -> RsaCiphers.decryptPkcs1(key, Vectors.hex(t, "ct")));
                v.check(file, t, out != null && Arrays.equals(out, Vectors.hex(t, "msg")));
            }
        }
        assertAll(v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa_pss_2048_sha256_mgf1_32_test.json", "rsa_pss_3072_sha256_mgf1_32_test.json"})
    void rsa_pss_verify(String file) throws Exception {
        JsonNode root = Vectors.load(file);
        var v = new Vectors();
        for (JsonNode group : root.get("testGroups")) {
            RSAPublicKey key = rsaPublic(group.get("publicKey"));
            String hash = group.get("sha").asString();
            assertThat(group.get("sLen").asInt()).isEqualTo(MessageDigest.getInstance(hash).getDigestLength());
            for (JsonNode t : group.get("tests")) {
                byte[] digest = MessageDigest.getInstance(hash).digest(Vectors.hex(t, "msg"));
                v.check(file, t, RsaSignatures.verifyPss(key, hash, digest, Vectors.hex(t, "sig")));
            }
        }
        assertAll(v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa_signature_2048_sha256_test.json", "rsa_signature_2048_sha384_test.json",
            "rsa_signature_2048_sha512_test.json", "rsa_signature_3072_sha256_test.json", "rsa_signature_4096_sha512_test.json"})
    void rsassa_pkcs1_verify(String file) throws Exception {
        JsonNode root = Vectors.load(file);
        var v = new Vectors();
        for (JsonNode group : root.get("testGroups")) {
            RSAPublicKey key = rsaPublic(group.get("publicKey"));
            String hash = group.get("sha").asString();
            for (JsonNode t : group.get("tests")) {
                byte[] digest = MessageDigest.getInstance(hash).digest(Vectors.hex(t, "msg"));
                v.check(file, t, RsaSignatures.verifyPkcs1(key, hash, digest, Vectors.hex(t, "sig")));
            }
        }
        assertAll(v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa_secp256r1_sha256_p1363_test.json", "ecdsa_secp384r1_sha384_p1363_test.json",
            "ecdsa_secp521r1_sha512_p1363_test.json", "ecdsa_secp256k1_sha256_p1363_test.json"})
    void ecdsa_p1363_verify(String file) throws Exception {
        JsonNode root = Vectors.load(file);
        var v = new Vectors();
        for (JsonNode group : root.get("testGroups")) {
            JsonNode pub = group.get("publicKey");
            Curve curve = switch (pub.get("curve").asString()) {
                case "secp256r1" -> Curve.P_256;
                case "secp384r1" -> Curve.P_384;
                case "secp521r1" -> Curve.P_521;
                case "secp256k1" -> Curve.P_256K;
                default -> throw new IllegalStateException(pub.get("curve").asString());
            };
            byte[] x = Unsigned.fixed(new BigInteger(1, Vectors.hex(pub, "wx")), curve.coordinateBytes());
            byte[] y = Unsigned.fixed(new BigInteger(1, Vectors.hex(pub, "wy")), curve.coordinateBytes());
            EcKeys.validate(curve, x, y, null);
            String hash = group.get("sha").asString();
            for (JsonNode t : group.get("tests")) {
                byte[] digest = MessageDigest.getInstance(hash).digest(Vectors.hex(t, "msg"));
                Boolean ok = attempt(() -> EcSignatures.verify(curve, x, y, digest, Vectors.hex(t, "sig")));
                v.check(file, t, ok != null && ok);
            }
        }
        assertAll(v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aes_gcm_test.json"})
    void aes_gcm(String file) throws Exception {
        JsonNode root = Vectors.load(file);
        var v = new Vectors();
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                byte[] key = Vectors.hex(t, "key");
                byte[] iv = Vectors.hex(t, "iv");
                byte[] aad = Vectors.hex(t, "aad");
                byte[] msg = Vectors.hex(t, "msg");
                byte[] ct = Vectors.hex(t, "ct");
                byte[] tag = Vectors.hex(t, "tag");
                byte[] plain = attempt(() -> AesCiphers.gcmDecrypt(key, iv, aad, ct, tag));
                v.check(file, t, plain != null && Arrays.equals(plain, msg));
                if ("valid".equals(t.get("result").asString())) {
                    byte[][] enc = attempt(() -> AesCiphers.gcmEncrypt(key, iv, aad, msg));
                    if (enc == null || !Arrays.equals(enc[0], ct) || !Arrays.equals(enc[1], tag)) {
                        v.fail(file, t, "encryption does not reproduce ct and tag");
                    }
                }
            }
        }
        assertAll(v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aes_cbc_pkcs5_test.json"})
    void aes_cbc_pad(String file) throws Exception {
        JsonNode root = Vectors.load(file);
        var v = new Vectors();
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                byte[] key = Vectors.hex(t, "key");
                byte[] iv = Vectors.hex(t, "iv");
                byte[] msg = Vectors.hex(t, "msg");
                byte[] ct = Vectors.hex(t, "ct");
                byte[] plain = attempt(() -> AesCiphers.cbc(Cipher.DECRYPT_MODE, true, key, iv, ct));
                v.check(file, t, plain != null && Arrays.equals(plain, msg));
                if ("valid".equals(t.get("result").asString())) {
                    byte[] enc = attempt(() -> AesCiphers.cbc(Cipher.ENCRYPT_MODE, true, key, iv, msg));
                    if (!Arrays.equals(enc, ct)) {
                        v.fail(file, t, "encryption does not reproduce ct");
                    }
                    // The same data through unpadded CBC: the ciphertext minus its last (padding) block.
                    byte[] unpadded = attempt(() -> AesCiphers.cbc(Cipher.DECRYPT_MODE, false, key, iv, ct));
                    if (unpadded == null || !Arrays.equals(Arrays.copyOf(unpadded, msg.length), msg)) {
                        v.fail(file, t, "unpadded CBC decryption disagrees");
                    }
                }
            }
        }
        assertAll(v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aes_wrap_test.json", "aes_kwp_test.json"})
    void aes_key_wrap(String file) throws Exception {
        boolean padded = file.contains("kwp");
        JsonNode root = Vectors.load(file);
        var v = new Vectors();
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                byte[] key = Vectors.hex(t, "key");
                byte[] msg = Vectors.hex(t, "msg");
                byte[] ct = Vectors.hex(t, "ct");
                byte[] plain = attempt(() -> padded ? AesCiphers.unwrapPadded(key, ct) : AesCiphers.unwrap(key, ct));
                v.check(file, t, plain != null && Arrays.equals(plain, msg));
                if ("valid".equals(t.get("result").asString())) {
                    byte[] wrapped = attempt(() -> padded ? AesCiphers.wrapPadded(key, msg) : AesCiphers.wrap(key, msg));
                    if (!Arrays.equals(wrapped, ct)) {
                        v.fail(file, t, "wrapping does not reproduce ct");
                    }
                }
            }
        }
        assertAll(v);
    }

    private static void assertAll(Vectors v) {
        assertThat(v.cases()).isPositive();
        assertThat(v.failures()).isEmpty();
    }

    private interface Attempt<T> {
        T run() throws Exception;
    }

    /** The result, or null when the operation refused the input. */
    private static <T> T attempt(Attempt<T> op) {
        try {
            return op.run();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static RSAPrivateCrtKey rsaPrivate(JsonNode k) throws GeneralSecurityException {
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
                big(k, "modulus"), big(k, "publicExponent"), big(k, "privateExponent"), big(k, "prime1"),
                big(k, "prime2"), big(k, "exponent1"), big(k, "exponent2"), big(k, "coefficient")));
    }

    static RSAPublicKey rsaPublic(JsonNode k) throws GeneralSecurityException {
        return Rsa.publicKey(Unsigned.minimal(big(k, "modulus")), Unsigned.minimal(big(k, "publicExponent")));
    }

    private static BigInteger big(JsonNode node, String field) {
        return new BigInteger(1, Vectors.hex(node, field));
    }
}
