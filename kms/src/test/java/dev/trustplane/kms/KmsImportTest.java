package dev.trustplane.kms;

import static dev.trustplane.kms.KmsContractTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import validates JWKs: sizes, matching private and public parts, weak RSA, curves; and the key then works. */
class KmsImportTest {
    @TempDir
    Path dataDir;
    Store store;
    Kms kms;

    @BeforeEach
    void open() {
        store = TestStores.sqlite(dataDir);
        kms = Kms.open(store, SealedFileMasterKey.openOrCreate(dataDir), KmsConfig.defaults(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    static byte[] u(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    static SecretBytes s(BigInteger v) {
        return SecretBytes.adopt(u(v));
    }

    static KeyMaterial.Rsa rsa(RSAPrivateCrtKey k, boolean withCrt) {
        return new KeyMaterial.Rsa(u(k.getModulus()), u(k.getPublicExponent()), s(k.getPrivateExponent()), s(k.getPrimeP()),
                s(k.getPrimeQ()), withCrt ? s(k.getPrimeExponentP()) : null, withCrt ? s(k.getPrimeExponentQ()) : null,
                withCrt ? s(k.getCrtCoefficient()) : null);
    }

    static RSAPrivateCrtKey rsaKey(int bits) throws Exception {
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(bits);
        return (RSAPrivateCrtKey) gen.generateKeyPair().getPrivate();
    }

    @Test
    void imported_rsa_key_signs_like_the_original() throws Exception {
        RSAPrivateCrtKey k = rsaKey(2048);
        KeyBundle bundle = kms.importKey("imp", rsa(k, false), true, KeySettings.defaults());
        assertThat(bundle.key().kty()).isEqualTo(KeyType.RSA_HSM);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(KmsCryptoTest.MESSAGE);
        byte[] sig = kms.sign("imp", null, SignatureAlgorithm.RS256, digest).value();
        Signature jdk = Signature.getInstance("SHA256withRSA");
        jdk.initSign(k);
        jdk.update(KmsCryptoTest.MESSAGE);
        assertThat(sig).isEqualTo(jdk.sign());
    }

    @Test
    void invalid_rsa_material_is_refused() throws Exception {
        RSAPrivateCrtKey k = rsaKey(2048);
        RSAPrivateCrtKey other = rsaKey(2048);
        var weak = rsa(rsaKey(1024), true);
        assertCode(() -> kms.importKey("x", weak, false, KeySettings.defaults()), KmsException.Code.BAD_PARAMETER);
        var mismatched = new KeyMaterial.Rsa(u(k.getModulus()), u(k.getPublicExponent()), s(other.getPrivateExponent()),
                s(k.getPrimeP()), s(k.getPrimeQ()), null, null, null);
        assertCode(() -> kms.importKey("x", mismatched, false, KeySettings.defaults()), KmsException.Code.BAD_PARAMETER);
        var wrongPrimes = new KeyMaterial.Rsa(u(k.getModulus()), u(k.getPublicExponent()), s(k.getPrivateExponent()),
                s(other.getPrimeP()), s(other.getPrimeQ()), null, null, null);
        assertCode(() -> kms.importKey("x", wrongPrimes, false, KeySettings.defaults()), KmsException.Code.BAD_PARAMETER);
        var wrongCrt = new KeyMaterial.Rsa(u(k.getModulus()), u(k.getPublicExponent()), s(k.getPrivateExponent()),
                s(k.getPrimeP()), s(k.getPrimeQ()), s(k.getPrimeExponentQ()), s(k.getPrimeExponentP()), s(k.getCrtCoefficient()));
        assertCode(() -> kms.importKey("x", wrongCrt, false, KeySettings.defaults()), KmsException.Code.BAD_PARAMETER);
        var publicOnly = new KeyMaterial.Rsa(u(k.getModulus()), u(k.getPublicExponent()), null, null, null, null, null, null);
        assertCode(() -> kms.importKey("x", publicOnly, false, KeySettings.defaults()), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.get("x", null), KmsException.Code.KEY_NOT_FOUND);
    }

    @Test
    void ec_import_checks_the_point_and_the_private_scalar() throws Exception {
        var gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp384r1"));
        var pair = gen.generateKeyPair();
        var pub = ((ECPublicKey) pair.getPublic()).getW();
        byte[] x = fixed(pub.getAffineX(), 48);
        byte[] y = fixed(pub.getAffineY(), 48);
        BigInteger d = ((ECPrivateKey) pair.getPrivate()).getS();
        KeyBundle ok = kms.importKey("ec", new KeyMaterial.Ec(Curve.P_384, x, y, SecretBytes.adopt(fixed(d, 48))), false,
                KeySettings.defaults());
        assertThat(ok.key().x()).isEqualTo(x);
        byte[] digest = new byte[48];
        byte[] sig = kms.sign("ec", null, SignatureAlgorithm.ES384, digest).value();
        assertThat(kms.verify("ec", null, SignatureAlgorithm.ES384, digest, sig).valid()).isTrue();
        byte[] offCurve = y.clone();
        offCurve[47] ^= 1;
        assertCode(() -> kms.importKey("e2", new KeyMaterial.Ec(Curve.P_384, x, offCurve, SecretBytes.adopt(fixed(d, 48))), false,
                KeySettings.defaults()), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.importKey("e2", new KeyMaterial.Ec(Curve.P_384, x, y, SecretBytes.adopt(fixed(d.add(BigInteger.ONE), 48))),
                false, KeySettings.defaults()), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.importKey("e2", new KeyMaterial.Ec(Curve.P_256, x, y, SecretBytes.adopt(fixed(d, 48))), false,
                KeySettings.defaults()), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.importKey("e2", new KeyMaterial.Ec(Curve.P_384, x, y, null), false, KeySettings.defaults()),
                KmsException.Code.BAD_PARAMETER);
    }

    @Test
    void oct_import_accepts_aes_sizes_only() {
        assertThat(kms.importKey("aes", new KeyMaterial.Oct(SecretBytes.adopt(new byte[32])), true, KeySettings.defaults())
                .key().kty()).isEqualTo(KeyType.OCT_HSM);
        assertCode(() -> kms.importKey("aes2", new KeyMaterial.Oct(SecretBytes.adopt(new byte[20])), true, KeySettings.defaults()),
                KmsException.Code.BAD_PARAMETER);
    }

    @Test
    void import_destroys_the_callers_private_parts() throws Exception {
        var material = rsa(rsaKey(2048), true);
        kms.importKey("gone", material, false, KeySettings.defaults());
        assertThat(material.d().isDestroyed()).isTrue();
        assertThat(material.d().toString()).doesNotContain("0").contains("redacted");
    }

    static byte[] fixed(BigInteger v, int len) {
        byte[] m = u(v);
        byte[] out = new byte[len];
        System.arraycopy(m, 0, out, len - m.length, m.length);
        return out;
    }
}
