package dev.trustplane.evidence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.junit.jupiter.api.Test;

/** The provider hook hands out working, correctly parameterised verifiers (JDK fallback here). */
class CryptoProvidersTest {
    @Test
    void ecdsa_p384_verifier_verifies_a_jdk_signature() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair kp = g.generateKeyPair();
        Signature signer = Signature.getInstance("SHA384withECDSA");
        signer.initSign(kp.getPrivate());
        signer.update(new byte[] {1, 2, 3});
        byte[] sig = signer.sign();
        Signature v = CryptoProviders.ecdsaP384Verifier();
        v.initVerify(kp.getPublic());
        v.update(new byte[] {1, 2, 3});
        assertThat(v.verify(sig)).isTrue();
        assertThat(CryptoProviders.ecdsaProviderName()).isNotBlank();
    }

    @Test
    void rsa_pss_verifier_carries_amd_parameters() throws Exception {
        PSSParameterSpec p = CryptoProviders.rsaPssSha384Verifier().getParameters()
                .getParameterSpec(PSSParameterSpec.class);
        assertThat(p.getDigestAlgorithm()).isEqualTo("SHA-384");
        assertThat(p.getSaltLength()).isEqualTo(48);
        assertThat(p.getTrailerField()).isEqualTo(1);
        assertThat(CryptoProviders.sha256().getDigestLength()).isEqualTo(32);
    }

    @Test
    void corretto_is_installed_where_its_native_library_loads_and_agrees_with_the_jdk() throws Exception {
        String provider = CryptoProviders.installFastProvider();
        org.junit.jupiter.api.Assumptions.assumeTrue(provider.equals(CryptoProviders.CORRETTO),
                "Corretto not usable on this machine: " + provider);
        assertThat(CryptoProviders.installFastProvider()).isEqualTo(CryptoProviders.CORRETTO);
        assertThat(CryptoProviders.ecdsaProviderName()).isEqualTo(CryptoProviders.CORRETTO);

        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", "SunEC");
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair ecKeys = ec.generateKeyPair();
        Signature jdkSigner = Signature.getInstance("SHA384withECDSA", "SunEC");
        jdkSigner.initSign(ecKeys.getPrivate());
        jdkSigner.update(new byte[672]);
        byte[] ecSig = jdkSigner.sign();
        Signature fast = CryptoProviders.ecdsaP384Verifier();
        fast.initVerify(ecKeys.getPublic());
        fast.update(new byte[672]);
        assertThat(fast.verify(ecSig)).isTrue();
        ecSig[10] ^= 1;
        fast.initVerify(ecKeys.getPublic());
        fast.update(new byte[672]);
        assertThat(fast.verify(ecSig)).isFalse();

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
        rsa.initialize(2048);
        KeyPair rsaKeys = rsa.generateKeyPair();
        Signature pss = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
        pss.setParameter(CryptoProviders.AMD_PSS);
        pss.initSign(rsaKeys.getPrivate());
        pss.update(new byte[] {4, 5, 6});
        byte[] pssSig = pss.sign();
        Signature verifier = CryptoProviders.rsaPssSha384Verifier();
        verifier.initVerify(rsaKeys.getPublic());
        verifier.update(new byte[] {4, 5, 6});
        assertThat(verifier.verify(pssSig)).isTrue();
    }
}
