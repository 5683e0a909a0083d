package dev.trustplane.server.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.server.http.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** base64url as MAA's clients send it: padded or not; standard base64 and stray padding refused, naming the field. */
class Base64UrlTest {
    @Test
    void padded_and_unpadded_decode_alike() {
        byte[] bytes = "any carnal pleas".getBytes(StandardCharsets.US_ASCII); // 16 bytes: two padding characters
        assertThat(Base64Url.decode("YW55IGNhcm5hbCBwbGVhcw", "x")).isEqualTo(bytes);
        assertThat(Base64Url.decode("YW55IGNhcm5hbCBwbGVhcw==", "x")).isEqualTo(bytes);
        assertThat(Base64Url.decode("_-8", "x")).containsExactly(0xff, 0xef);
        assertThat(Base64Url.decode("", "x")).isEmpty();
    }

    @Test
    void standard_base64_and_misplaced_padding_are_refused() {
        for (String bad : new String[] {"/+8", "YW55===", "YW=55", "YW55 ", "Y"}) {
            assertThatThrownBy(() -> Base64Url.decode(bad, "report.SnpReport")).as(bad)
                    .isInstanceOf(ApiException.class).hasMessage("'report.SnpReport' is not base64url.");
        }
    }
}
