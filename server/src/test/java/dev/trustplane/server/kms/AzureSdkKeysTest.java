package dev.trustplane.server.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.DecryptParameters;
import com.azure.security.keyvault.keys.cryptography.models.EncryptParameters;
import com.azure.security.keyvault.keys.cryptography.models.EncryptResult;
import com.azure.security.keyvault.keys.cryptography.models.EncryptionAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateOctKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.SealedFileMasterKey;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The official Azure SDK ({@code azure-security-keyvault-keys} 4.12.1, JDK HttpClient transport) against a
 * running server: challenge auth with a Trustplane token, our CA, every KeyClient lifecycle call and the
 * CryptographyClient with key caching off (so every operation really reaches the server). Results are
 * cross-checked with the JDK locally.
 */
class AzureSdkKeysTest {
    static final byte[] MESSAGE = "confidential computing".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dataDir;
    static TrustplaneServer server;
    static String vaultUrl;
    static TokenCredential credential;
    static HttpClient http;
    static KeyClient keys;

    @BeforeAll
    static void start() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dataDir),
                List.of());
        vaultUrl = "https://127.0.0.1:" + server.port();
        String token = AdminToken.read(dataDir.resolve("admin.token"));
        credential = request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
        http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .sslContext(TestClient.trusting(server.caCertificate()))).build();
        keys = new KeyClientBuilder().vaultUrl(vaultUrl).credential(credential).disableChallengeResourceVerification()
                .httpClient(http).buildClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CryptographyClient crypto(KeyVaultKey key) {
        return new CryptographyClientBuilder().keyIdentifier(key.getId()).credential(credential)
                .disableChallengeResourceVerification().disableKeyCaching().httpClient(http).buildClient();
    }

    @Test
    void key_client_lifecycle() {
        KeyVaultKey rsa = keys.createRsaKey(new CreateRsaKeyOptions("sdk-rsa").setKeySize(3072).setTags(Map.of("app", "sdk")));
        assertThat(rsa.getKeyType()).isEqualTo(KeyType.RSA);
        assertThat(rsa.getId()).startsWith(vaultUrl + "/keys/sdk-rsa/");
        assertThat(rsa.getKey().getN()).hasSize(384);
        assertThat(rsa.getProperties().getTags()).containsEntry("app", "sdk");
        KeyVaultKey ec = keys.createEcKey(new CreateEcKeyOptions("sdk-ec").setCurveName(KeyCurveName.P_384).setHardwareProtected(true));
        assertThat(ec.getKeyType()).isEqualTo(KeyType.EC_HSM);
        assertThat(ec.getKey().getCurveName()).isEqualTo(KeyCurveName.P_384);
        KeyVaultKey oct = keys.createOctKey(new CreateOctKeyOptions("sdk-oct").setKeySize(256).setHardwareProtected(true));
        assertThat(oct.getKeyType()).isEqualTo(KeyType.OCT_HSM);

        KeyVaultKey fetched = keys.getKey("sdk-rsa");
        assertThat(fetched.getId()).isEqualTo(rsa.getId());
        assertThat(keys.getKey("sdk-rsa", rsa.getProperties().getVersion()).getKey().getN()).isEqualTo(rsa.getKey().getN());
        assertThat(keys.listPropertiesOfKeys().stream().map(KeyProperties::getName)).contains("sdk-rsa", "sdk-ec", "sdk-oct");
        assertThat(keys.listPropertiesOfKeyVersions("sdk-rsa").stream().map(KeyProperties::getVersion))
                .containsExactly(rsa.getProperties().getVersion());

        KeyProperties props = fetched.getProperties().setEnabled(false).setTags(Map.of("app", "sdk", "state", "off"))
                .setExpiresOn(OffsetDateTime.parse("2030-01-01T00:00:00Z"));
        KeyVaultKey updated = keys.updateKeyProperties(props);
        assertThat(updated.getProperties().isEnabled()).isFalse();
        assertThat(updated.getProperties().getTags()).containsEntry("state", "off");
        assertThat(updated.getProperties().getExpiresOn()).isEqualTo(OffsetDateTime.parse("2030-01-01T00:00:00Z"));
        assertThat(updated.getKey().getN()).isEqualTo(rsa.getKey().getN());

        var deletion = keys.beginDeleteKey("sdk-ec");
        DeletedKey deleted = deletion.waitForCompletion(Duration.ofSeconds(30)).getValue();
        assertThat(deleted.getRecoveryId()).isEqualTo(vaultUrl + "/deletedkeys/sdk-ec");
        assertThat(deleted.getScheduledPurgeDate()).isAfter(deleted.getDeletedOn());
        assertThat(keys.getDeletedKey("sdk-ec").getName()).isEqualTo("sdk-ec");
        assertThat(keys.listDeletedKeys().stream().map(DeletedKey::getName)).contains("sdk-ec");
        assertThatThrownBy(() -> keys.getKey("sdk-ec")).isInstanceOf(ResourceNotFoundException.class);
        var recovery = keys.beginRecoverDeletedKey("sdk-ec");
        recovery.waitForCompletion(Duration.ofSeconds(30));
        assertThat(keys.getKey("sdk-ec").getId()).isEqualTo(ec.getId());

        keys.beginDeleteKey("sdk-oct").waitForCompletion(Duration.ofSeconds(30));
        keys.purgeDeletedKey("sdk-oct");
        assertThatThrownBy(() -> keys.getDeletedKey("sdk-oct")).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void ec_sign_and_verify_through_the_service_cross_checked_with_the_jdk() throws Exception {
        KeyVaultKey key = keys.createEcKey(new CreateEcKeyOptions("sdk-es").setCurveName(KeyCurveName.P_256));
        CryptographyClient client = crypto(key);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(MESSAGE);
        byte[] signature = client.sign(SignatureAlgorithm.ES256, digest).getSignature();
        assertThat(signature).hasSize(64);
        assertThat(client.verify(SignatureAlgorithm.ES256, digest, signature).isValid()).isTrue();
        signature[5] ^= 1;
        assertThat(client.verify(SignatureAlgorithm.ES256, digest, signature).isValid()).isFalse();
        signature[5] ^= 1;
        Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
        jdk.initVerify(ecPublic(key));
        jdk.update(MESSAGE);
        assertThat(jdk.verify(signature)).isTrue();
    }

    @Test
    void rsa_sign_encrypt_and_wrap_through_the_service_cross_checked_with_the_jdk() throws Exception {
        KeyVaultKey key = keys.createRsaKey(new CreateRsaKeyOptions("sdk-rsa-ops").setKeySize(2048));
        CryptographyClient client = crypto(key);
        PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, key.getKey().getN()), new BigInteger(1, key.getKey().getE())));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(MESSAGE);
        byte[] rs = client.sign(SignatureAlgorithm.RS256, digest).getSignature();
        Signature jdk = Signature.getInstance("SHA256withRSA");
        jdk.initVerify(pub);
        jdk.update(MESSAGE);
        assertThat(jdk.verify(rs)).isTrue();
        assertThat(client.verify(SignatureAlgorithm.RS256, digest, rs).isValid()).isTrue();
        byte[] ps = client.sign(SignatureAlgorithm.PS256, digest).getSignature();
        assertThat(client.verify(SignatureAlgorithm.PS256, digest, ps).isValid()).isTrue();

        EncryptResult encrypted = client.encrypt(EncryptionAlgorithm.RSA_OAEP_256, MESSAGE);
        assertThat(client.decrypt(EncryptionAlgorithm.RSA_OAEP_256, encrypted.getCipherText()).getPlainText()).isEqualTo(MESSAGE);
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
        oaep.init(Cipher.ENCRYPT_MODE, pub, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        assertThat(client.decrypt(EncryptionAlgorithm.RSA_OAEP_256, oaep.doFinal(MESSAGE)).getPlainText()).isEqualTo(MESSAGE);

        byte[] dek = new byte[32];
        new java.security.SecureRandom().nextBytes(dek);
        byte[] wrapped = client.wrapKey(KeyWrapAlgorithm.RSA_OAEP, dek).getEncryptedKey();
        assertThat(client.unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrapped).getKey()).isEqualTo(dek);
        Cipher sha1 = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        sha1.init(Cipher.ENCRYPT_MODE, pub);
        assertThat(client.unwrapKey(KeyWrapAlgorithm.RSA_OAEP, sha1.doFinal(dek)).getKey()).isEqualTo(dek);
    }

    @Test
    void aes_gcm_and_key_wrap_through_the_service() {
        KeyVaultKey key = keys.createOctKey(new CreateOctKeyOptions("sdk-aes").setKeySize(256).setHardwareProtected(true));
        CryptographyClient client = crypto(key);
        byte[] aad = "context".getBytes(StandardCharsets.UTF_8);
        EncryptResult gcm = client.encrypt(EncryptParameters.createA256GcmParameters(MESSAGE, aad), null);
        assertThat(gcm.getIv()).hasSize(12);
        assertThat(gcm.getAuthenticationTag()).hasSize(16);
        assertThat(gcm.getCipherText()).hasSize(MESSAGE.length);
        byte[] plain = client.decrypt(DecryptParameters.createA256GcmParameters(gcm.getCipherText(), gcm.getIv(),
                gcm.getAuthenticationTag(), aad), null).getPlainText();
        assertThat(plain).isEqualTo(MESSAGE);
        byte[] dek = new byte[32];
        byte[] wrapped = client.wrapKey(KeyWrapAlgorithm.A256KW, dek).getEncryptedKey();
        assertThat(wrapped).hasSize(40);
        assertThat(client.unwrapKey(KeyWrapAlgorithm.A256KW, wrapped).getKey()).isEqualTo(dek);
    }

    @Test
    void backup_restore_rotate_and_rotation_policy_through_the_sdk() {
        KeyVaultKey key = keys.createRsaKey(new CreateRsaKeyOptions("sdk-bk").setKeySize(2048));
        byte[] backup = keys.backupKey("sdk-bk");
        keys.beginDeleteKey("sdk-bk").waitForCompletion(Duration.ofSeconds(30));
        keys.purgeDeletedKey("sdk-bk");
        KeyVaultKey restored = keys.restoreKeyBackup(backup);
        assertThat(restored.getId()).isEqualTo(key.getId());

        var policy = new com.azure.security.keyvault.keys.models.KeyRotationPolicy()
                .setLifetimeActions(List.of(new com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction(
                        com.azure.security.keyvault.keys.models.KeyRotationPolicyAction.ROTATE).setTimeAfterCreate("P30D")))
                .setExpiresIn("P90D");
        var stored = keys.updateKeyRotationPolicy("sdk-bk", policy);
        assertThat(stored.getExpiresIn()).isEqualTo("P90D");
        assertThat(keys.getKeyRotationPolicy("sdk-bk").getLifetimeActions().get(0).getTimeAfterCreate()).isEqualTo("P30D");
        KeyVaultKey rotated = keys.rotateKey("sdk-bk");
        assertThat(rotated.getProperties().getVersion()).isNotEqualTo(key.getProperties().getVersion());
        assertThat(rotated.getProperties().getExpiresOn()).isNotNull();
    }

    @Test
    void import_through_the_sdk_then_sign_with_the_imported_key() throws Exception {
        var gen = java.security.KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var pair = gen.generateKeyPair();
        var jwk = com.azure.security.keyvault.keys.models.JsonWebKey.fromRsa(pair)
                .setKeyOps(List.of(com.azure.security.keyvault.keys.models.KeyOperation.SIGN,
                        com.azure.security.keyvault.keys.models.KeyOperation.VERIFY));
        KeyVaultKey imported = keys.importKey(new com.azure.security.keyvault.keys.models.ImportKeyOptions("sdk-imp", jwk)
                .setHardwareProtected(true));
        assertThat(imported.getKeyType()).isEqualTo(KeyType.RSA_HSM);
        assertThat(imported.getKey().hasPrivateKey()).isFalse();
        byte[] digest = MessageDigest.getInstance("SHA-384").digest(MESSAGE);
        byte[] signature = crypto(imported).sign(SignatureAlgorithm.RS384, digest).getSignature();
        Signature jdk = Signature.getInstance("SHA384withRSA");
        jdk.initSign(pair.getPrivate());
        jdk.update(MESSAGE);
        assertThat(signature).isEqualTo(jdk.sign());
        assertThatThrownBy(() -> crypto(imported).encrypt(EncryptionAlgorithm.RSA_OAEP, MESSAGE))
                .isInstanceOf(com.azure.core.exception.HttpResponseException.class);
    }

    private static PublicKey ecPublic(KeyVaultKey key) throws Exception {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
                new BigInteger(1, key.getKey().getX()), new BigInteger(1, key.getKey().getY())),
                params.getParameterSpec(ECParameterSpec.class)));
    }
}
