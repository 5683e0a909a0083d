package dev.trustplane.attestation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A policy-management request signed the way Azure Attestation's isolated mode requires: a compact JWS whose
 * header carries the signer's certificate in {@code x5c} (the official SDKs put exactly one certificate there and
 * sign with RS256), verified against that certificate's public key. Used for signed policies
 * ({@code PUT /policies/{type}}, {@code POST /policies/{type}:reset}) and for changes to the set of
 * policy-management certificates ({@code POST /certificates:add|:remove}).
 *
 * <p>Why these rules: the signer is identified only by {@code x5c[0]}; that certificate must be byte-identical to
 * one the caller registered (no chain building, no names — a registered certificate is a pinned key). The
 * algorithm is checked against the certificate's key type before verifying (RSA: RS256/384/512 or PS256/384/512;
 * EC: the ES algorithm of its curve), so the header can never choose a weaker check. Certificate validity dates
 * are not enforced, as MAA does not: the certificate is a key container, and expiry would lock an operator out.
 *
 * @param signer the certificate whose key verified the signature
 * @param payload the JWS payload as text (empty for a reset request)
 */
public record SignedRequest(X509Certificate signer, String payload) {
    private static final Set<JWSAlgorithm> RSA_ALGS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    private static final int MAX_LENGTH = 1024 * 1024;

    /**
     * Verifies {@code compact} and requires its {@code x5c[0]} to be one of {@code trusted}.
     *
     * @param compact the JWS in compact serialization
     * @param trusted the registered certificates; when empty, {@code selfSignedOk} decides
     * @param selfSignedOk accept a signature by the header's own certificate when it is not registered (used only
     *                     to bootstrap the first certificate, and for signed policies before any is registered)
     * @return the verified request
     * @throws PolicyUploadException naming what failed (safe to show)
     */
    public static SignedRequest verify(String compact, Collection<X509Certificate> trusted, boolean selfSignedOk) {
        if (compact.length() > MAX_LENGTH) {
            throw new PolicyUploadException("signed request larger than " + MAX_LENGTH + " characters");
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact.strip());
        } catch (ParseException e) {
            throw new PolicyUploadException("the body is not a compact JWS");
        }
        var chain = jws.getHeader().getX509CertChain();
        if (chain == null || chain.isEmpty()) {
            throw new PolicyUploadException("the JWS header has no x5c naming the signing certificate");
        }
        X509Certificate signer = certificate(chain.getFirst().decode(), "x5c[0]");
        Optional<X509Certificate> registered = trusted.stream().filter(c -> sameCertificate(c, signer)).findFirst();
        if (registered.isEmpty() && !selfSignedOk) {
            throw new PolicyUploadException("the signing certificate (thumbprint " + ManagementCertificates.thumbprint(signer)
                    + ") is not a registered policy-management certificate");
        }
        try {
            if (!jws.verify(verifier(jws.getHeader().getAlgorithm(), signer))) {
                throw new PolicyUploadException("the JWS signature does not verify with the certificate in x5c");
            }
        } catch (JOSEException e) {
            throw new PolicyUploadException("the JWS signature cannot be checked: " + e.getMessage());
        }
        return new SignedRequest(signer, jws.getPayload() == null ? "" : jws.getPayload().toString());
    }

    private static JWSVerifier verifier(JWSAlgorithm alg, X509Certificate cert) throws JOSEException {
        if (cert.getPublicKey() instanceof RSAPublicKey rsa) {
            if (!RSA_ALGS.contains(alg)) {
                throw new PolicyUploadException("JWS algorithm " + alg + " does not fit the certificate's RSA key");
            }
            if (rsa.getModulus().bitLength() < 2048) {
                throw new PolicyUploadException("the certificate's RSA key is shorter than 2048 bits");
            }
            return new RSASSAVerifier(rsa);
        }
        if (cert.getPublicKey() instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            List<JWSAlgorithm> fits = curve == null ? List.of() : JWSAlgorithm.Family.EC.stream()
                    .filter(a -> Curve.forJWSAlgorithm(a).contains(curve)).toList();
            if (!fits.contains(alg) || alg.equals(JWSAlgorithm.ES256K)) {
                throw new PolicyUploadException("JWS algorithm " + alg + " does not fit the certificate's EC key");
            }
            return new ECDSAVerifier(ec);
        }
        throw new PolicyUploadException("the certificate's key is neither RSA nor EC");
    }

    /** Parses one DER certificate; {@code what} names it in the error. */
    static X509Certificate certificate(byte[] der, String what) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new PolicyUploadException(what + " is not a DER X.509 certificate");
        }
    }

    private static boolean sameCertificate(X509Certificate a, X509Certificate b) {
        try {
            return java.security.MessageDigest.isEqual(a.getEncoded(), b.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            return false;
        }
    }
}
