package dev.trustplane.simulator.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;

/**
 * Signs certificates and CRLs the way AMD's KDS does: RSASSA-PSS, SHA-384, MGF1-SHA-384, salt 48.
 *
 * <p>The AlgorithmIdentifier is written out by hand because AMD's encodings differ between
 * certificates: the ARK and ASK (and ASVK) state the trailer field explicitly ({@code [3] INTEGER 1}),
 * which DER would omit as the default, while VCEKs omit it. The hash AlgorithmIdentifiers carry an
 * explicit NULL parameter, as in AMD's certificates. The salt comes from the supplied random, so a
 * seeded random makes the signature reproducible.
 */
public final class PssContentSigner implements ContentSigner {
    private final AlgorithmIdentifier algorithm;
    private final PrivateKey key;
    private final SecureRandom random;
    private final ByteArrayOutputStream tbs = new ByteArrayOutputStream();

    /**
     * @param key the RSA signing key
     * @param explicitTrailer whether to encode {@code trailerField [3] INTEGER 1} (ARK/ASK style)
     * @param random the source of the 48-byte salt
     */
    public PssContentSigner(PrivateKey key, boolean explicitTrailer, SecureRandom random) {
        this.key = key;
        this.random = random;
        this.algorithm = algorithmIdentifier(explicitTrailer);
    }

    /** The AlgorithmIdentifier of AMD's PSS profile, with or without the explicit trailer field. */
    public static AlgorithmIdentifier algorithmIdentifier(boolean explicitTrailer) {
        AlgorithmIdentifier sha384 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384, DERNull.INSTANCE);
        ASN1EncodableVector params = new ASN1EncodableVector();
        params.add(new DERTaggedObject(true, 0, sha384));
        params.add(new DERTaggedObject(true, 1, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha384)));
        params.add(new DERTaggedObject(true, 2, new ASN1Integer(48)));
        if (explicitTrailer) {
            params.add(new DERTaggedObject(true, 3, new ASN1Integer(1)));
        }
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, new DERSequence(params));
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithm;
    }

    @Override
    public OutputStream getOutputStream() {
        return tbs;
    }

    @Override
    public byte[] getSignature() {
        try {
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1));
            s.initSign(key, random);
            s.update(tbs.toByteArray());
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-PSS signing failed", e);
        }
    }
}
