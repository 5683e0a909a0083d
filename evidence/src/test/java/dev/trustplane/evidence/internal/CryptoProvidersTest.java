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
}
