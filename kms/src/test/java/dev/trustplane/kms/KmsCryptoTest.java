package dev.trustplane.kms;

import dev.trustplane.common.testing.ManualClock;
import static dev.trustplane.kms.KmsContractTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Crypto operations through {@link Kms}, cross-checked with the JDK's own implementations of each algorithm. */
class KmsCryptoTest {
    static final byte[] MESSAGE = "attested workloads only".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @TempDir
    Path dataDir;
    Store store;
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T12:00:00Z"));
    Kms kms;

    @BeforeEach
    void open() {
        store = TestStores.sqlite(dataDir);
        kms = Kms.open(store, SealedFileMasterKey.openOrCreate(dataDir), KmsConfig.defaults(), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void signatures_verify_with_the_jdk_and_with_the_kms(SignatureAlgorithm alg) throws Exception {
        KeyBundle key = alg.family() == KeyType.Family.RSA ? kms.create("s", CreateKeyOptions.rsa(2048))
                : kms.create("s", CreateKeyOptions.ec(alg.curve()));
        byte[] digest = MessageDigest.getInstance(alg.hash()).digest(MESSAGE);
        byte[] signature = kms.sign("s", key.version(), alg, digest).value();
        assertThat(kms.verify("s", null, alg, digest, signature).valid()).isTrue();
        byte[] tampered = signature.clone();
        tampered[tampered.length / 2] ^= 1;
        assertThat(kms.verify("s", null, alg, digest, tampered).valid()).isFalse();
        assertThat(kms.verify("s", null, alg, digest, new byte[3]).valid()).isFalse();
        if (alg != SignatureAlgorithm.ES256K) { // the JDK has no secp256k1
            assertThat(jdkVerify(alg, key.key(), signature)).isTrue();
        }
        assertCode(() -> kms.sign("s", null, alg, Arrays.copyOf(digest, digest.length - 1)), KmsException.Code.BAD_PARAMETER);
    }

    @Test
    void algorithm_and_curve_are_pinned_by_the_key() {
        kms.create("p256", CreateKeyOptions.ec(Curve.P_256));
        kms.create("rsa", CreateKeyOptions.rsa(2048));
        kms.create("aes", CreateKeyOptions.oct(128));
        assertCode(() -> kms.sign("p256", null, SignatureAlgorithm.ES384, new byte[48]), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.sign("p256", null, SignatureAlgorithm.RS256, new byte[32]), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.sign("rsa", null, SignatureAlgorithm.ES256, new byte[32]), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.encrypt("aes", null, CryptoRequest.of(EncryptionAlgorithm.A256GCM, MESSAGE)), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.encrypt("rsa", null, CryptoRequest.of(EncryptionAlgorithm.A128GCM, MESSAGE)), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.wrapKey("aes", null, CryptoRequest.of(EncryptionAlgorithm.A128GCM, new byte[16])), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.encrypt("aes", null, CryptoRequest.of(EncryptionAlgorithm.A128KW, new byte[16])), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.encrypt("p256", null, CryptoRequest.of(EncryptionAlgorithm.RSA_OAEP, MESSAGE)), KmsException.Code.FORBIDDEN);
    }

    @ParameterizedTest
    @EnumSource(value = EncryptionAlgorithm.class, names = {"RSA_OAEP", "RSA_OAEP_256", "RSA1_5"})
    void rsa_encryption_interoperates_with_the_jdk(EncryptionAlgorithm alg) throws Exception {
        KeyBundle key = kms.create("r", CreateKeyOptions.rsa(2048));
        byte[] ct = kms.encrypt("r", null, CryptoRequest.of(alg, MESSAGE)).value();
        assertThat(kms.decrypt("r", key.version(), CryptoRequest.of(alg, ct)).value()).isEqualTo(MESSAGE);
        Cipher jdk = Cipher.getInstance(alg == EncryptionAlgorithm.RSA1_5 ? "RSA/ECB/PKCS1Padding" : "RSA/ECB/OAEPPadding");
        PublicKey pub = rsaPublic(key.key());
        if (alg == EncryptionAlgorithm.RSA1_5) {
            jdk.init(Cipher.ENCRYPT_MODE, pub);
        } else {
            String hash = alg == EncryptionAlgorithm.RSA_OAEP ? "SHA-1" : "SHA-256";
            jdk.init(Cipher.ENCRYPT_MODE, pub, new OAEPParameterSpec(hash, "MGF1",
                    alg == EncryptionAlgorithm.RSA_OAEP ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        }
        byte[] jdkCt = jdk.doFinal(MESSAGE);
        assertThat(kms.unwrapKey("r", null, CryptoRequest.of(alg, jdkCt)).value()).isEqualTo(MESSAGE);
        assertThat(kms.decrypt("r", null, CryptoRequest.of(alg, kms.wrapKey("r", null, CryptoRequest.of(alg, MESSAGE)).value())).value())
                .isEqualTo(MESSAGE);
        byte[] bad = ct.clone();
        bad[10] ^= 1;
        assertCode(() -> kms.decrypt("r", null, CryptoRequest.of(alg, bad)), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.encrypt("r", null, CryptoRequest.of(alg, new byte[300])), KmsException.Code.BAD_PARAMETER);
    }

    @Test
    void aes_gcm_returns_iv_and_tag_separately_like_key_vault() throws Exception {
        kms.create("g", CreateKeyOptions.oct(256));
        byte[] aad = "header".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        CryptoResult out = kms.encrypt("g", null, new CryptoRequest(EncryptionAlgorithm.A256GCM, MESSAGE, null, aad, null));
        assertThat(out.iv()).hasSize(12);
        assertThat(out.tag()).hasSize(16);
        assertThat(out.value()).hasSize(MESSAGE.length);
        assertThat(kms.decrypt("g", null, new CryptoRequest(EncryptionAlgorithm.A256GCM, out.value(), out.iv(), aad, out.tag())).value())
                .isEqualTo(MESSAGE);
        assertCode(() -> kms.decrypt("g", null, new CryptoRequest(EncryptionAlgorithm.A256GCM, out.value(), out.iv(), null, out.tag())),
                KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.decrypt("g", null, new CryptoRequest(EncryptionAlgorithm.A256GCM, out.value(), out.iv(), aad, null)),
                KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.encrypt("g", null, new CryptoRequest(EncryptionAlgorithm.A256GCM, MESSAGE, new byte[12], null, null)),
                KmsException.Code.BAD_PARAMETER);
    }

    @Test
    void aes_cbc_and_key_wrap_round_trip() {
        kms.create("c", CreateKeyOptions.oct(192));
        CryptoResult padded = kms.encrypt("c", null, CryptoRequest.of(EncryptionAlgorithm.A192CBCPAD, MESSAGE));
        assertThat(padded.iv()).hasSize(16);
        assertThat(kms.decrypt("c", null, new CryptoRequest(EncryptionAlgorithm.A192CBCPAD, padded.value(), padded.iv(), null, null)).value())
                .isEqualTo(MESSAGE);
        assertCode(() -> kms.encrypt("c", null, CryptoRequest.of(EncryptionAlgorithm.A192CBC, MESSAGE)), KmsException.Code.BAD_PARAMETER);
        byte[] blocks = new byte[32];
        CryptoResult cbc = kms.encrypt("c", null, CryptoRequest.of(EncryptionAlgorithm.A192CBC, blocks));
        assertThat(cbc.value()).hasSize(32);
        byte[] dek = new byte[32];
        Arrays.fill(dek, (byte) 7);
        byte[] wrapped = kms.wrapKey("c", null, CryptoRequest.of(EncryptionAlgorithm.A192KW, dek)).value();
        assertThat(wrapped).hasSize(40);
        assertThat(kms.unwrapKey("c", null, CryptoRequest.of(EncryptionAlgorithm.A192KW, wrapped)).value()).isEqualTo(dek);
        wrapped[3] ^= 1;
        assertCode(() -> kms.unwrapKey("c", null, CryptoRequest.of(EncryptionAlgorithm.A192KW, wrapped)), KmsException.Code.BAD_PARAMETER);
    }

    @Test
    void disabled_keys_do_nothing_and_the_validity_window_allows_only_decrypt_unwrap_verify() {
        var window = new KeySettings(List.of(), true, Optional.of(clock.instant().plus(Duration.ofHours(1))),
                Optional.of(clock.instant().plus(Duration.ofHours(2))), false, Map.of(), Optional.empty());
        kms.create("w", CreateKeyOptions.rsa(2048));
        byte[] digest = new byte[32];
        byte[] sig = kms.sign("w", null, SignatureAlgorithm.RS256, digest).value();
        byte[] ct = kms.encrypt("w", null, CryptoRequest.of(EncryptionAlgorithm.RSA_OAEP_256, MESSAGE)).value();
        kms.update("w", null, new KeyUpdate(Optional.empty(), Optional.empty(), Optional.of(window.notBefore()),
                Optional.of(window.expires()), Optional.empty(), Optional.empty()));
        assertCode(() -> kms.sign("w", null, SignatureAlgorithm.RS256, digest), KmsException.Code.FORBIDDEN);
        assertCode(() -> kms.encrypt("w", null, CryptoRequest.of(EncryptionAlgorithm.RSA_OAEP_256, MESSAGE)), KmsException.Code.FORBIDDEN);
        assertCode(() -> kms.wrapKey("w", null, CryptoRequest.of(EncryptionAlgorithm.RSA_OAEP_256, MESSAGE)), KmsException.Code.FORBIDDEN);
        assertThat(kms.verify("w", null, SignatureAlgorithm.RS256, digest, sig).valid()).isTrue();
        assertThat(kms.decrypt("w", null, CryptoRequest.of(EncryptionAlgorithm.RSA_OAEP_256, ct)).value()).isEqualTo(MESSAGE);
        assertThat(kms.unwrapKey("w", null, CryptoRequest.of(EncryptionAlgorithm.RSA_OAEP_256, ct)).value()).isEqualTo(MESSAGE);
        clock.advance(Duration.ofMinutes(90));
        assertThat(kms.sign("w", null, SignatureAlgorithm.RS256, digest).value()).hasSize(256);
        clock.advance(Duration.ofHours(1));
        assertCode(() -> kms.sign("w", null, SignatureAlgorithm.RS256, digest), KmsException.Code.FORBIDDEN);
        kms.update("w", null, new KeyUpdate(Optional.empty(), Optional.of(false), Optional.of(Optional.empty()),
                Optional.of(Optional.empty()), Optional.empty(), Optional.empty()));
        assertCode(() -> kms.verify("w", null, SignatureAlgorithm.RS256, digest, sig), KmsException.Code.FORBIDDEN);
        assertCode(() -> kms.decrypt("w", null, CryptoRequest.of(EncryptionAlgorithm.RSA_OAEP_256, ct)), KmsException.Code.FORBIDDEN);
    }

    @Test
    void key_ops_restrict_operations() {
        kms.create("ops", CreateKeyOptions.rsa(2048).with(KmsContractTest.settings(List.of(KeyOperation.VERIFY), Map.of())));
        assertCode(() -> kms.sign("ops", null, SignatureAlgorithm.RS256, new byte[32]), KmsException.Code.FORBIDDEN);
    }

    @Test
    void rng_returns_the_requested_count() {
        assertThat(kms.random(1)).hasSize(1);
        assertThat(kms.random(128)).hasSize(128);
        assertCode(() -> kms.random(0), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.random(129), KmsException.Code.BAD_PARAMETER);
    }

    static boolean jdkVerify(SignatureAlgorithm alg, JsonWebKey key, byte[] signature) throws Exception {
        String bits = alg.hash().substring(4);
        Signature jdk;
        PublicKey pub;
        if (alg.family() == KeyType.Family.RSA) {
            pub = rsaPublic(key);
            if (alg.isPss()) {
                jdk = Signature.getInstance("RSASSA-PSS");
                jdk.setParameter(new PSSParameterSpec(alg.hash(), "MGF1", new MGF1ParameterSpec(alg.hash()), alg.digestLength(), 1));
            } else {
                jdk = Signature.getInstance("SHA" + bits + "withRSA");
            }
        } else {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec(key.crv().stdName()));
            pub = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(new BigInteger(1, key.x()),
                    new BigInteger(1, key.y())), params.getParameterSpec(ECParameterSpec.class)));
            jdk = Signature.getInstance("SHA" + bits + "withECDSAinP1363Format");
        }
        jdk.initVerify(pub);
        jdk.update(MESSAGE);
        return jdk.verify(signature);
    }

    static PublicKey rsaPublic(JsonWebKey key) throws Exception {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(new BigInteger(1, key.n()), new BigInteger(1, key.e())));
    }
}
