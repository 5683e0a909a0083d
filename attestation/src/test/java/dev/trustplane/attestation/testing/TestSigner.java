package dev.trustplane.attestation.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real key pair with a self-signed certificate that signs JWS as the Azure SDKs do (x5c = its certificate): the
 * signer of signed policy uploads and policy management certificates in tests. Published in this module's test-jar.
 */
public record TestSigner(KeyPair keys, X509Certificate certificate) {

    public static TestSigner rsa(String name) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        return of(name, gen.generateKeyPair(), "SHA256withRSA");
    }

    public static TestSigner ec(String name, String curve) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec(curve));
        return of(name, gen.generateKeyPair(), "SHA256withECDSA");
    }

    private static TestSigner of(String name, KeyPair keys, String alg) throws Exception {
        X500Name dn = new X500Name("CN=" + name);
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(dn, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
                Date.from(now.plusSeconds(86_400)), dn, keys.getPublic());
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(alg).build(keys.getPrivate())));
        return new TestSigner(keys, cert);
    }

    /** A compact JWS over {@code payload} with header {@code alg} and {@code x5c = [certificate]}. */
    public String sign(JWSAlgorithm alg, String payload) throws Exception {
        JWSSigner signer = keys.getPrivate() instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(keys.getPrivate());
        var header = new JWSHeader.Builder(alg).x509CertChain(List.of(Base64.encode(certificate.getEncoded()))).build();
        JWSObject jws = new JWSObject(header, new Payload(payload));
        jws.sign(signer);
        return jws.serialize();
    }
}
