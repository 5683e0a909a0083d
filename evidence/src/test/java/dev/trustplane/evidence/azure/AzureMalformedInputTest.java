package dev.trustplane.evidence.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trustplane.evidence.tpm.SharedVectors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Truncated, corrupted and random Azure inputs fail with AzureFormatException naming field and offset. */
class AzureMalformedInputTest {

    private static byte[] hcl() {
        return SharedVectors.read("azure-cvm/snp-milan-hcl-report.bin");
    }

    private static byte[] putU32(byte[] b, int at, int v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
        return b;
    }

    @Test
    void every_truncation_below_report_size_fails_with_an_offset_inside_the_input() {
        byte[] full = hcl();
        for (int len = 0; len < 2346; len += (len < 1300 ? 1 : 7)) {
            byte[] cut = Arrays.copyOf(full, len);
            AzureFormatException e = catchThrowableOfType(AzureFormatException.class, () -> HclReport.parse(cut));
            assertThat(e).as("length %d", len).isNotNull();
            assertThat(e.field()).startsWith("HclReport.");
            // a field the input is too short to hold is reported at its own offset (igvm.* at 1216+)
            assertThat(e.offset()).isBetween(0L, (long) Math.max(len, HclReport.IGVM_OFFSET));
        }
    }

    @Test
    void padding_after_report_size_is_not_needed() throws Exception {
        assertThat(HclReport.parse(Arrays.copyOf(hcl(), 2346)).reportSize()).isEqualTo(2346);
    }

    @Test
    void header_fields_are_checked_at_their_offsets() {
        assertField(putU32(hcl(), 0, 0x41424344), "HclReport.signature", 0);
        assertField(putU32(hcl(), 4, 3), "HclReport.version", 4);
        assertField(putU32(hcl(), 8, 2345), "HclReport.report_size", 8);
        assertField(putU32(hcl(), 1216, 1), "HclReport.igvm.data_size", 1216);
        assertField(putU32(hcl(), 1224, 3), "HclReport.igvm.report_type", 1224);
        assertField(putU32(hcl(), 1228, 9), "HclReport.igvm.report_data_hash_type", 1228);
        assertField(putU32(hcl(), 1232, -1), "HclReport.report_size", 8);
    }

    @Test
    void broken_runtime_JSON_is_reported_inside_the_variable_data() {
        byte[] b = hcl();
        b[1236 + 1] = '#';
        AzureFormatException e = catchThrowableOfType(AzureFormatException.class, () -> HclReport.parse(b));
        assertThat(e.field()).isEqualTo("runtimeData");
        assertThat(e.offset()).isBetween(1236L, 1240L);
    }

    @Test
    void runtime_data_without_HCLAkPub_is_rejected() {
        byte[] b = hcl();
        int at = AzureCvmNegativeTest.indexOf(b, "HCLAkPub".getBytes(StandardCharsets.US_ASCII));
        b[at] = 'X';
        AzureFormatException e = catchThrowableOfType(AzureFormatException.class, () -> HclReport.parse(b));
        assertThat(e.field()).isEqualTo("runtimeData.keys[HCLAkPub]");
    }

    @Test
    void every_truncation_of_a_bincode_quote_fails() {
        byte[] full = SharedVectors.read("azure-cvm/snp-milan-vtpm-quote.bincode");
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            AzureFormatException e = catchThrowableOfType(AzureFormatException.class, () -> VtpmQuote.fromBincode(cut));
            assertThat(e).as("length %d", len).isNotNull();
            assertThat(e.offset()).isBetween(0L, (long) len);
        }
        byte[] hugeLength = full.clone();
        hugeLength[7] = (byte) 0x80;
        AzureFormatException e = catchThrowableOfType(AzureFormatException.class, () -> VtpmQuote.fromBincode(hugeLength));
        assertThat(e.field()).isEqualTo("VtpmQuote.signature.len");
        assertThat(e.offset()).isZero();
    }

    @Test
    void bad_attest_inside_bincode_reports_the_offset_in_the_bincode() {
        byte[] b = SharedVectors.read("azure-cvm/snp-milan-vtpm-quote.bincode");
        int messageStart = 8 + 256 + 8;
        b[messageStart + 4] = 0x00; // type 0x8018 -> 0x0018
        AzureFormatException e = catchThrowableOfType(AzureFormatException.class, () -> VtpmQuote.fromBincode(b));
        assertThat(e.field()).isEqualTo("VtpmQuote.message:TPMS_ATTEST.type");
        assertThat(e.offset()).isEqualTo(messageStart + 4);
    }

    @Test
    void malformed_trustee_JSON_names_the_field() {
        record Case(String json, String field) {}
        for (Case c : List.of(
                new Case("not json", "evidence"),
                new Case("[1,2]", "evidence"),
                new Case("{}", "evidence.quote"),
                new Case("{\"version\":\"x\"}", "evidence.version"),
                new Case("{\"tpm_quote\":{\"message\":\"zz\",\"signature\":\"00\",\"pcrs\":[]}}", "evidence.tpm_quote.message"),
                new Case("{\"quote\":{\"message\":[256],\"signature\":[1],\"pcrs\":[]}}", "evidence.quote.message[0]"),
                new Case("{\"quote\":{\"message\":[1],\"signature\":[1],\"pcrs\":{}}}", "evidence.quote.pcrs"))) {
            AzureFormatException e = catchThrowableOfType(AzureFormatException.class,
                    () -> TrusteeEvidenceJson.parse(c.json().getBytes(StandardCharsets.UTF_8)));
            assertThat(e).as(c.json()).isNotNull();
            assertThat(e.field()).as(c.json()).isEqualTo(c.field());
        }
    }

    @Test
    void random_bytes_only_ever_raise_AzureFormatException() {
        Random random = new Random(7);
        byte[] valid = hcl();
        for (int i = 0; i < 3000; i++) {
            byte[] junk = i % 2 == 0 ? new byte[random.nextInt(64)] : valid.clone();
            if (i % 2 == 0) {
                random.nextBytes(junk);
            } else {
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    junk[random.nextInt(junk.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            try {
                HclReport.parse(junk);
            } catch (AzureFormatException expected) {
                assertThat(expected.field()).isNotBlank();
            }
            try {
                VtpmQuote.fromBincode(junk);
            } catch (AzureFormatException expected) {
                assertThat(expected.field()).isNotBlank();
            }
            try {
                TrusteeEvidenceJson.parse(junk);
            } catch (AzureFormatException expected) {
                assertThat(expected.field()).isNotBlank();
            }
        }
    }

    private interface Call {
        Object call() throws AzureFormatException;
    }

    private static void assertField(byte[] input, String field, long offset) {
        Call call = () -> HclReport.parse(input);
        AzureFormatException e = catchThrowableOfType(AzureFormatException.class, call::call);
        assertThat(e).as(field).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.offset()).isEqualTo(offset);
    }
}
