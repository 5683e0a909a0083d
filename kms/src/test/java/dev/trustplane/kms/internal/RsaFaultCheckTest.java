package dev.trustplane.kms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.NoSuchPaddingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * An RSA signature whose private operation came out wrong (a fault in one CRT half would reveal a prime) is never
 * returned: a provider that does not check its own results is checked here. The fault is a test provider that
 * flips one bit of the JDK's result; it is installed process-wide for a moment, so the class runs isolated.
 */
@Isolated
class RsaFaultCheckTest {
    static final byte[] DIGEST = new byte[32];

    /** RSA/ECB/NoPadding from SunJCE with the last bit of every result flipped. */
    public static final class FaultyRsa extends CipherSpi {
        private final Cipher real;

        public FaultyRsa() throws GeneralSecurityException {
            real = Cipher.getInstance("RSA/ECB/NoPadding", "SunJCE");
        }

        @Override
        protected void engineSetMode(String mode) {}

        @Override
        protected void engineSetPadding(String padding) throws NoSuchPaddingException {}

        @Override
        protected int engineGetBlockSize() {
            return 0;
        }

        @Override
        protected int engineGetOutputSize(int inputLen) {
            return real.getOutputSize(inputLen);
        }

        @Override
        protected byte[] engineGetIV() {
            return null;
        }

        @Override
        protected java.security.AlgorithmParameters engineGetParameters() {
            return null;
        }

        @Override
        protected void engineInit(int opmode, Key key, SecureRandom random) throws java.security.InvalidKeyException {
            real.init(opmode, key);
        }

        @Override
        protected void engineInit(int opmode, Key key, AlgorithmParameterSpec params, SecureRandom random)
                throws java.security.InvalidKeyException {
            real.init(opmode, key);
        }

        @Override
        protected void engineInit(int opmode, Key key, java.security.AlgorithmParameters params, SecureRandom random)
                throws java.security.InvalidKeyException {
            real.init(opmode, key);
        }

        @Override
        protected byte[] engineUpdate(byte[] input, int offset, int len) {
            return real.update(input, offset, len);
        }

        @Override
        protected int engineUpdate(byte[] input, int offset, int len, byte[] output, int outputOffset) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected byte[] engineDoFinal(byte[] input, int offset, int len) throws javax.crypto.IllegalBlockSizeException,
                javax.crypto.BadPaddingException {
            byte[] out = real.doFinal(input, offset, len);
            out[out.length - 1] ^= 1;
            return out;
        }

        @Override
        protected int engineDoFinal(byte[] input, int offset, int len, byte[] output, int outputOffset) {
            throw new UnsupportedOperationException();
        }
    }

    static final class FaultyProvider extends Provider {
        FaultyProvider() {
            super("FaultyRsaForTests", "1", "flips a bit of every RSA result");
            put("Cipher.RSA", FaultyRsa.class.getName());
            put("Cipher.RSA SupportedKeyClasses", "java.security.interfaces.RSAPublicKey|java.security.interfaces.RSAPrivateKey");
        }
    }

    static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    @Test
    void a_faulty_private_operation_is_caught_and_no_signature_is_returned() throws Exception {
        KeyPair keys = rsa();
        var priv = (RSAPrivateCrtKey) keys.getPrivate();
        var pub = (RSAPublicKey) keys.getPublic();
        Provider faulty = new FaultyProvider();
        Security.insertProviderAt(faulty, 1);
        try {
            assertThat(Cipher.getInstance("RSA/ECB/NoPadding").getProvider().getName()).isEqualTo("FaultyRsaForTests");
            assertThatThrownBy(() -> RsaSignatures.signPkcs1(priv, pub, "SHA-256", DIGEST))
                    .isInstanceOf(GeneralSecurityException.class).hasMessage("RSA signature failed its self-check");
            assertThatThrownBy(() -> RsaSignatures.signPss(priv, pub, "SHA-256", DIGEST))
                    .isInstanceOf(GeneralSecurityException.class).hasMessage("RSA signature failed its self-check");
        } finally {
            Security.removeProvider(faulty.getName());
        }
        byte[] good = RsaSignatures.signPkcs1(priv, pub, "SHA-256", DIGEST);
        assertThat(RsaSignatures.verifyPkcs1(pub, "SHA-256", DIGEST, good)).isTrue();
    }

    @Test
    void only_aws_lc_is_trusted_to_check_its_own_results() {
        assertThat(Rsa.checksItsOwnResults(new Provider("AmazonCorrettoCryptoProvider", "2", "") {})).isTrue();
        assertThat(Rsa.checksItsOwnResults(Security.getProvider("SunJCE"))).isFalse();
        assertThat(Rsa.checksItsOwnResults(new FaultyProvider())).isFalse();
    }
}
