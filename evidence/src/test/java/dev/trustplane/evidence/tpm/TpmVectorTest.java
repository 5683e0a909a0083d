package dev.trustplane.evidence.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The two real TPM quotes of vectors/tpm (expected values from MANIFEST.md). */
class TpmVectorTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void trustee_quote_verifies_with_its_SPKI_AK_and_SHA256_pcrs() throws Exception {
        JsonNode ev = JSON.readTree(SharedVectors.read("tpm/trustee-tpm-evidence.json"));
        byte[] spki = Base64.getDecoder().decode(ev.get("ak_public").stringValue());
        JsonNode q = ev.get("tpm_quote");
        TpmsAttest attest = TpmsAttest.parse(Base64.getDecoder().decode(q.get("message").stringValue()));
        TpmSignature sig = TpmSignature.parse(Base64.getDecoder().decode(q.get("signature").stringValue()));
        PcrValues pcrs = PcrValues.ofBank(TpmHash.SHA256,
                q.get("pcrs").valueStream().map(n -> HEX.parseHex(n.stringValue())).toList());

        assertThat(HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(spki)))
                .isEqualTo("a517f03ffdaee469aef1a19569547e330726335d0461c3ef6383409c6295679e");
        assertThat(attest.type()).isEqualTo(0x8018);
        assertThat(HEX.formatHex(attest.qualifiedSigner()))
                .isEqualTo("000b3081a4cbbe307f3de1456f9875a3c2632528a70d91fcf578ccf092465e4e8e09");
        byte[] nonce = HEX.parseHex("a04182b506878d4f29b91ee606a71a0d3361ccf1b22db20c98adcaa537bea393"
                + "ef0e41a18b3569ab678f1497fbc5c12000000000000000000000000000000000");
        assertThat(attest.extraData()).isEqualTo(nonce);
        assertThat(attest.clock()).isEqualTo(1913548331L);
        assertThat(attest.resetCount()).isEqualTo(2);
        assertThat(attest.restartCount()).isZero();
        assertThat(attest.firmwareVersion()).isEqualTo(0x2019102300163636L);
        assertThat(attest.pcrSelections()).containsExactly(new PcrSelection(0x000B, range24()));
        assertThat(HEX.formatHex(attest.pcrDigest()))
                .isEqualTo("019de64c9318655e422c3d03831169896e31f02a1d74e4d8fef575bf4e0d75fa");
        assertThat(sig.scheme()).contains(SignatureScheme.RSASSA);
        assertThat(sig.hash()).contains(TpmHash.SHA256);

        QuoteVerification v = QuoteVerifier.verify(attest, sig, AttestationKey.fromSpki(spki), pcrs, nonce);

        assertThat(v.failures()).isEmpty();
        assertThat(v.verified()).isTrue();
        assertThat(v.passed(QuoteCheck.NONCE)).isTrue();
    }

    @Test
    void gcp_quote_verifies_with_its_TPMT_PUBLIC_AK_and_SHA1_pcrs() throws Exception {
        JsonNode ev = JSON.readTree(SharedVectors.read("tpm/gcp-windows-shielded-vm-goattest.json"));
        TpmPublic ak = TpmPublic.parse(b64(ev.get("AK").get("Public")));
        TpmsAttest attest = TpmsAttest.parse(b64(ev.get("Quote").get("Quote")));
        TpmSignature sig = TpmSignature.parse(b64(ev.get("Quote").get("Signature")));
        PcrValues.Builder pcrs = PcrValues.builder();
        for (JsonNode pcr : ev.get("Log").get("PCRs")) {
            assertThat(pcr.get("DigestAlg").intValue()).isEqualTo(3); // Go crypto.SHA1
            pcrs.put(TpmHash.SHA1, pcr.get("Index").intValue(), b64(pcr.get("Digest")));
        }

        assertThat(ak.type()).isEqualTo(TpmPublic.TPM_ALG_RSA);
        assertThat(ak.nameAlg()).isEqualTo(0x000B);
        assertThat(ak.objectAttributes()).isEqualTo(0x50472L);
        assertThat(ak.scheme()).contains(SignatureScheme.RSASSA);
        assertThat(ak.schemeHash()).contains(TpmHash.SHA1);
        assertThat(ak.isRestrictedSigningKey()).isTrue();
        assertThat(HEX.formatHex(ak.name()))
                .isEqualTo("000b4ce9b151f75089d74c15dabe9d520cffafbcafd5d43be0aad2e2d88d54717e2e");
        assertThat(HEX.formatHex(attest.qualifiedSigner()))
                .isEqualTo("000bad427e7fc8821f74c7c6964641f9fa053772122d4b94a6cc3a3fcfccdd55b5ad");
        assertThat(attest.extraData()).isEmpty();
        assertThat(attest.clock()).isEqualTo(10257171L);
        assertThat(attest.resetCount()).isEqualTo(1045281252L);
        assertThat(attest.restartCount()).isEqualTo(822490842L);
        assertThat(attest.firmwareVersion()).isEqualTo(0x41e4356df966e035L);
        assertThat(attest.pcrSelections()).containsExactly(new PcrSelection(0x0004, range24()));
        assertThat(HEX.formatHex(attest.pcrDigest())).isEqualTo("a610f27bc687ce906243287d832706036e79f6e1");

        AttestationKey key = AttestationKey.of(ak);
        assertThat(key.scheme()).isEqualTo(SignatureScheme.RSASSA);
        assertThat(key.hash()).isEqualTo(TpmHash.SHA1);
        QuoteVerification v = QuoteVerifier.verify(attest, sig, key, pcrs.build(), new byte[0]);

        assertThat(v.failures()).isEmpty();
        assertThat(v.verified()).isTrue();
    }

    @Test
    void gcp_quote_is_refused_when_the_AK_is_pinned_to_SHA256() throws Exception {
        JsonNode ev = JSON.readTree(SharedVectors.read("tpm/gcp-windows-shielded-vm-goattest.json"));
        AttestationKey sha256 = AttestationKey.of(TpmPublic.parse(b64(ev.get("AK").get("Public"))).publicKey());
        TpmsAttest attest = TpmsAttest.parse(b64(ev.get("Quote").get("Quote")));
        TpmSignature sig = TpmSignature.parse(b64(ev.get("Quote").get("Signature")));

        QuoteVerification v = QuoteVerifier.verify(attest, sig, sha256, PcrValues.empty(), null);

        assertThat(v.failures()).contains(QuoteFailure.SIGNATURE_ALGORITHM_NOT_PINNED, QuoteFailure.SIGNATURE_INVALID);
        assertThat(v.verified()).isFalse();
    }

    static List<Integer> range24() {
        return java.util.stream.IntStream.range(0, 24).boxed().toList();
    }

    private static byte[] b64(JsonNode node) {
        return Base64.getDecoder().decode(node.stringValue());
    }
}
