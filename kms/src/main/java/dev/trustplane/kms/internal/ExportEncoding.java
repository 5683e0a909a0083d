package dev.trustplane.kms.internal;

import dev.trustplane.kms.KeyMaterial;
import dev.trustplane.kms.SecretBytes;
import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The plaintext a released key travels as (Key Vault's BYOK specification, which the release envelope reuses):
 * RSA and EC private keys as PKCS#8 {@code PrivateKeyInfo} DER, oct keys as their raw bytes.
 *
 * <p>EC keys carry the named-curve OID and the public point (RFC 5915), so every curve — including secp256k1,
 * which the JDK no longer knows — encodes the same way and OpenSSL's {@code d2i_PrivateKey} reads it. Encoding
 * goes through {@link BigInteger}s the JVM cannot wipe; that copy lives only for this call.
 */
final class ExportEncoding {
    private ExportEncoding() {}

    static SecretBytes encode(KeyMaterial material) {
        try {
            return switch (material) {
                case KeyMaterial.Rsa r -> SecretBytes.adopt(rsa(r));
                case KeyMaterial.Ec e -> SecretBytes.adopt(ec(e));
                case KeyMaterial.Oct o -> SecretBytes.adopt(o.k().copy());
            };
        } catch (IOException e) {
            throw new IllegalStateException("stored key material cannot be encoded for release", e);
        }
    }

    private static byte[] rsa(KeyMaterial.Rsa r) throws IOException {
        var body = new RSAPrivateKey(Unsigned.of(r.n()), Unsigned.of(r.e()), Rsa.big(r.d()), Rsa.big(r.p()),
                Rsa.big(r.q()), Rsa.big(r.dp()), Rsa.big(r.dq()), Rsa.big(r.qi()));
        var algorithm = new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
        return new PrivateKeyInfo(algorithm, body).getEncoded("DER");
    }

    private static byte[] ec(KeyMaterial.Ec e) throws IOException {
        ASN1ObjectIdentifier curve = ECNamedCurveTable.getOID(e.crv().stdName());
        int orderBits = EcKeys.domain(e.crv()).getN().bitLength();
        byte[] point = new byte[1 + 2 * e.x().length];
        point[0] = 0x04;
        System.arraycopy(e.x(), 0, point, 1, e.x().length);
        System.arraycopy(e.y(), 0, point, 1 + e.x().length, e.y().length);
        var body = new ECPrivateKey(orderBits, Rsa.big(e.d()), new DERBitString(point), null);
        var algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve);
        return new PrivateKeyInfo(algorithm, body).getEncoded("DER");
    }
}
