package dev.trustplane.evidence.snp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;

/** AMD's RSA-PSS profile is pinned: SHA-384, MGF1-SHA-384, salt 48, trailer 1 (default or explicit). */
class PssSignaturesTest {
    private static final String PSS = PKCSObjectIdentifiers.id_RSASSA_PSS.getId();

    private static byte[] params(AlgorithmIdentifier hash, int salt, Integer trailer) throws Exception {
        AlgorithmIdentifier mgf = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, hash);
        ASN1Encodable[] parts = trailer == null
                ? new ASN1Encodable[] {new DERTaggedObject(true, 0, hash), new DERTaggedObject(true, 1, mgf),
                    new DERTaggedObject(true, 2, new ASN1Integer(salt))}
                : new ASN1Encodable[] {new DERTaggedObject(true, 0, hash), new DERTaggedObject(true, 1, mgf),
                    new DERTaggedObject(true, 2, new ASN1Integer(salt)),
                    new DERTaggedObject(true, 3, new ASN1Integer(trailer))};
        return new DERSequence(parts).getEncoded(ASN1Encoding.DER);
    }

    private static AlgorithmIdentifier sha(org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
        return new AlgorithmIdentifier(oid, DERNull.INSTANCE);
    }

    @Test
    void amd_parameters_pass_with_default_or_explicit_trailer_field() throws Exception {
        assertThat(PssSignatures.algorithmProblem(PSS, params(sha(NISTObjectIdentifiers.id_sha384), 48, null))).isEmpty();
        assertThat(PssSignatures.algorithmProblem(PSS, params(sha(NISTObjectIdentifiers.id_sha384), 48, 1))).isEmpty();
    }

    @Test
    void other_parameters_and_algorithms_are_refused() throws Exception {
        assertThat(PssSignatures.algorithmProblem(PSS, params(sha(NISTObjectIdentifiers.id_sha256), 48, null))).isPresent();
        assertThat(PssSignatures.algorithmProblem(PSS, params(sha(NISTObjectIdentifiers.id_sha384), 32, null))).isPresent();
        assertThat(PssSignatures.algorithmProblem(PSS, params(sha(NISTObjectIdentifiers.id_sha384), 48, 2))).isPresent();
        assertThat(PssSignatures.algorithmProblem(PSS, null)).isPresent();
        assertThat(PssSignatures.algorithmProblem(PSS, new byte[] {0x30, 0x05, 1})).isPresent();
        assertThat(PssSignatures.algorithmProblem(PKCSObjectIdentifiers.sha384WithRSAEncryption.getId(), null))
                .hasValueSatisfying(p -> assertThat(p).contains("is not RSASSA-PSS"));
    }
}
