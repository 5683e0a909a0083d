package dev.trustplane.evidence.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Truncated, corrupted and random inputs fail with TpmFormatException naming field and offset. */
class TpmMalformedInputTest {

    /** A well-formed quote built here, so these tests run without the shared vectors. */
    private static final byte[] ATTEST = TpmMarshal.quote(new byte[34], "challenge".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            List.of(PcrSelection.of(TpmHash.SHA256, List.of(0, 1, 2, 3))), new byte[32]);

    @Test
    void every_truncation_of_a_quote_names_a_field_and_an_offset_inside_the_input() {
        for (int len = 0; len < ATTEST.length; len++) {
            byte[] cut = Arrays.copyOf(ATTEST, len);
            TpmFormatException e = catchThrowableOfType(TpmFormatException.class, () -> TpmsAttest.parse(cut));
            assertThat(e).as("length %d", len).isNotNull();
            assertThat(e.field()).startsWith("TPMS_ATTEST.");
            assertThat(e.offset()).isBetween(0, len);
        }
    }

    @Test
    void truncated_qualifiedSigner_is_reported_at_its_offset() {
        TpmFormatException e = catchThrowableOfType(TpmFormatException.class,
                () -> TpmsAttest.parse(Arrays.copyOf(ATTEST, 10)));
        assertThat(e.field()).isEqualTo("TPMS_ATTEST.qualifiedSigner");
        assertThat(e.offset()).isEqualTo(8);
        assertThat(e.getMessage()).contains("offset 8", "need 34 bytes, 2 available");
    }

    @Test
    void wrong_magic_type_and_trailing_bytes_are_rejected_precisely() {
        byte[] magic = ATTEST.clone();
        magic[0] = 0;
        assertField(() -> TpmsAttest.parse(magic), "TPMS_ATTEST.magic", 0);
        byte[] certify = ATTEST.clone();
        certify[5] = 0x17;
        assertField(() -> TpmsAttest.parse(certify), "TPMS_ATTEST.type", 4);
        byte[] trailing = Arrays.copyOf(ATTEST, ATTEST.length + 1);
        assertField(() -> TpmsAttest.parse(trailing), "TPMS_ATTEST.(end)", ATTEST.length);
        byte[] tpm2b = new TpmMarshal().u16(ATTEST.length + 1).raw(ATTEST).bytes();
        assertField(() -> TpmsAttest.parseTpm2b(tpm2b), "TPM2B_ATTEST.size", 0);
        byte[] nestedBadMagic = new TpmMarshal().tpm2b(magic).bytes();
        assertField(() -> TpmsAttest.parseTpm2b(nestedBadMagic), "TPMS_ATTEST.magic", 2); // offset in the outer buffer
    }

    @Test
    void absurd_counts_and_sizes_are_bounded() {
        int countAt = 4 + 2 + 36 + 11 + 17 + 8;
        byte[] banks = ATTEST.clone();
        banks[countAt] = 0x7F;
        assertField(() -> TpmsAttest.parse(banks), "TPMS_ATTEST.attested.quote.pcrSelect.count", countAt);
        byte[] select = ATTEST.clone();
        select[countAt + 6] = (byte) 0xFF;
        assertField(() -> TpmsAttest.parse(select), "TPMS_ATTEST.attested.quote.pcrSelect[0].sizeofSelect", countAt + 6);
        byte[] signer = ATTEST.clone();
        signer[6] = (byte) 0xFF;
        assertField(() -> TpmsAttest.parse(signer), "TPMS_ATTEST.qualifiedSigner", 6);
    }

    @Test
    void signature_and_public_area_errors_name_their_fields() {
        assertField(() -> TpmSignature.parse(HexFormat.of().parseHex("00990004")), "TPMT_SIGNATURE.sigAlg", 0);
        assertField(() -> TpmSignature.parse(HexFormat.of().parseHex("00140099")), "TPMT_SIGNATURE.signature.hash", 2);
        assertField(() -> TpmSignature.parse(HexFormat.of().parseHex("0014000b0100aa")), "TPMT_SIGNATURE.signature.sig", 6);
        assertField(() -> TpmSignature.parse(HexFormat.of().parseHex("0018000b00000000")), "TPMT_SIGNATURE.signature.signatureR", 4);
        assertField(() -> TpmPublic.parse(HexFormat.of().parseHex("0008000b")), "TPMT_PUBLIC.type", 0);
    }

    @Test
    void every_truncation_of_a_real_AK_public_area_fails() throws Exception {
        byte[] area = Base64.getDecoder().decode(JsonMapper.builder().build()
                .readTree(SharedVectors.read("tpm/gcp-windows-shielded-vm-goattest.json")).get("AK").get("Public").stringValue());
        for (int len = 0; len < area.length; len++) {
            byte[] cut = Arrays.copyOf(area, len);
            TpmFormatException e = catchThrowableOfType(TpmFormatException.class, () -> TpmPublic.parse(cut));
            assertThat(e).as("length %d", len).isNotNull();
            assertThat(e.offset()).isBetween(0, len);
        }
    }

    @Test
    void random_bytes_only_ever_raise_TpmFormatException() {
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            if (junk.length >= 6 && i % 2 == 0) {
                System.arraycopy(ATTEST, 0, junk, 0, 6); // get past magic and type half the time
            }
            for (ThrowingParser p : List.<ThrowingParser>of(TpmsAttest::parse, TpmSignature::parse, TpmPublic::parse,
                    TpmPublic::parseTpm2b, AttestationKey::fromSpki)) {
                try {
                    p.parse(junk);
                } catch (TpmFormatException expected) {
                    assertThat(expected.field()).isNotBlank();
                }
            }
        }
    }

    @Test
    void bad_JWKs_and_PEMs_are_format_errors() {
        for (String bad : List.of("", "not json", "[]", "{}", "{\"kty\":\"RSA\"}", "{\"kty\":\"oct\",\"k\":\"AA\"}",
                "{\"kty\":\"RSA\",\"n\":\"!!\",\"e\":\"AQAB\"}", "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}",
                "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AQ\",\"y\":\"AQ\"}", "{\"kty\":\"EC\",\"crv\":\"P-192\",\"x\":\"AQ\",\"y\":\"AQ\"}")) {
            assertThatThrownBy(() -> AttestationKey.fromJwk(bad)).as(bad).isInstanceOf(TpmFormatException.class);
        }
        for (String bad : List.of("", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
                "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----")) {
            assertThatThrownBy(() -> AttestationKey.fromPem(bad)).as(bad).isInstanceOf(TpmFormatException.class);
        }
    }

    private interface ThrowingParser {
        Object parse(byte[] b) throws TpmFormatException;
    }

    private interface Call {
        Object call() throws TpmFormatException;
    }

    private static void assertField(Call call, String field, int offset) {
        TpmFormatException e = catchThrowableOfType(TpmFormatException.class, call::call);
        assertThat(e).as(field).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.offset()).isEqualTo(offset);
    }
}
