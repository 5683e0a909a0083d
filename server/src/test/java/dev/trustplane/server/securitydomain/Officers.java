package dev.trustplane.server.securitydomain;

import dev.trustplane.server.http.Json;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Security officers for tests: RSA-2048 key pairs with self-signed certificates, as the Managed HSM docs make them. */
record Officers(List<KeyPair> keys, List<X509Certificate> certificates) {

    static Officers create(int n) throws Exception {
        List<KeyPair> keys = new ArrayList<>();
        List<X509Certificate> certs = new ArrayList<>();
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        for (int i = 0; i < n; i++) {
            KeyPair pair = gen.generateKeyPair();
            X500Name dn = new X500Name("CN=officer " + i);
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(dn, BigInteger.valueOf(i + 1), Date.from(now.minusSeconds(60)),
                    Date.from(now.plusSeconds(86_400)), dn, pair.getPublic());
            certs.add(new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()))));
            keys.add(pair);
        }
        return new Officers(keys, certs);
    }

    RSAPrivateCrtKey privateKey(int i) {
        return (RSAPrivateCrtKey) keys.get(i).getPrivate();
    }

    /** The download body Managed HSM expects: {"certificates": [SecurityDomainJsonWebKey…], "required": m}. */
    String downloadBody(int required) {
        var body = Json.MAPPER.createObjectNode();
        var list = body.putArray("certificates");
        for (X509Certificate cert : certificates) {
            list.add(Json.MAPPER.valueToTree(OfficerKey.jwkOf(cert)));
        }
        body.put("required", required);
        return body.toString();
    }
}
