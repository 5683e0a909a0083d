package dev.trustplane.kms.release;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs release responses as Key Vault does: a compact RS256 JWS whose header carries {@code kid},
 * {@code x5t}, {@code x5t#S256}, {@code typ: JWT} and the signing certificate chain in {@code x5c}, so a
 * workload verifies the response with {@code x5c[0]} and checks that chain against the trust anchor it was
 * given (for a development server, the same {@code tls/ca.pem} that its TLS clients trust).
 */
public final class ReleaseSigner {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final java.util.Base64.Encoder B64URL = java.util.Base64.getUrlEncoder().withoutPadding();

    private final RSASSASigner signer;
    private final JWSHeader header;
    private final String encodedHeader;

    /** @param chain the signing certificate first, then its issuers; the first's key must pair with {@code key} */
    @SuppressWarnings("deprecation") // x5t (SHA-1 thumbprint) is deprecated in JOSE libraries but Key Vault sends it
    public ReleaseSigner(PrivateKey key, List<X509Certificate> chain) {
        if (chain.isEmpty() || !(chain.getFirst().getPublicKey() instanceof RSAPublicKey)) {
            throw new IllegalArgumentException("the release signing certificate must hold an RSA key");
        }
        this.signer = new RSASSASigner(key);
        try {
            X509Certificate leaf = chain.getFirst();
            byte[] der = leaf.getEncoded();
            List<Base64> x5c = new ArrayList<>();
            for (X509Certificate c : chain) {
                x5c.add(Base64.encode(c.getEncoded()));
            }
            Base64URL s256 = Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(der));
            this.header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(s256.toString())
                    .x509CertThumbprint(Base64URL.encode(MessageDigest.getInstance("SHA-1").digest(der)))
                    .x509CertSHA256Thumbprint(s256).x509CertChain(x5c).build();
            this.encodedHeader = header.toBase64URL().toString();
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("the release signing certificate cannot be encoded", e);
        }
    }

    /**
     * The compact JWS of {@code payload} (serialized as JSON in its map order). The header — with its certificate
     * chain most of the JWS — is encoded once, in the constructor; per call only the payload is serialized and
     * encoded (the JDK's Base64, several times faster than a pure-Java one on the few KiB of a release) and signed.
     */
    public String sign(Map<String, Object> payload) {
        String signingInput = encodedHeader + "." + B64URL.encodeToString(JSON.writeValueAsBytes(payload));
        try {
            return signingInput + "." + signer.sign(header, signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing the release response failed", e);
        }
    }
}
