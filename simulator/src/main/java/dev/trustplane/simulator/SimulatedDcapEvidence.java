package dev.trustplane.simulator;

import dev.trustplane.evidence.TrustProfile;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated TDX or SGX quote with the Intel collateral that verifies it. Arrays are not copied.
 *
 * @param quote the quote bytes
 * @param tcbInfo signed TCB Info JSON
 * @param qeIdentity signed QE Identity JSON
 * @param pckCrl the PCK Platform CA CRL
 * @param rootCrl the Root CA CRL
 * @param tcbSigning the TCB Signing certificate
 * @param pck the platform's PCK certificate (also inside the quote)
 * @param profile the simulated trust profile that accepts it
 */
public record SimulatedDcapEvidence(byte[] quote, byte[] tcbInfo, byte[] qeIdentity, X509CRL pckCrl, X509CRL rootCrl,
        X509Certificate tcbSigning, X509Certificate pck, TrustProfile profile) {
    /** The collateral as files (name → bytes), as {@code trustplane sim} writes them. */
    public Map<String, byte[]> collateralFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("tcb-info.json", tcbInfo);
        files.put("qe-identity.json", qeIdentity);
        try {
            files.put("pck-crl.der", pckCrl.getEncoded());
            files.put("root-crl.der", rootCrl.getEncoded());
            files.put("tcb-signing.der", tcbSigning.getEncoded());
        } catch (CRLException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode simulated collateral", e);
        }
        return files;
    }

    /** The collateral files' contents, for {@code DcapCollateral.of}. */
    public List<byte[]> collateralBlobs() {
        return List.copyOf(collateralFiles().values());
    }
}
