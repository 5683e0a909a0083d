package dev.trustplane.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.ledger.internal.CanonicalJson;
import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionLogTest {

    private static String jcs(Object value) {
        return new String(CanonicalJson.encode(value), StandardCharsets.UTF_8);
    }

    @Test
    void strings_and_literals_are_canonical_as_in_rfc_8785_section_3_2_2() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("string", "\u20ac$\u000F\nA'B\"\\\\\"/");
        in.put("literals", java.util.Arrays.asList(null, true, false));
        assertThat(jcs(in)).isEqualTo("{\"literals\":[null,true,false],\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void members_are_sorted_by_utf16_code_units_as_in_rfc_8785_section_3_2_3() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("\u20ac", "Euro Sign");
        in.put("\r", "Carriage Return");
        in.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
        in.put("1", "One");
        in.put("\ud83d\ude00", "Emoji: Grinning Face");
        in.put("\u0080", "Control");
        in.put("\u00f6", "Latin Small Letter O With Diaeresis");
        assertThat(jcs(in)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void integers_nesting_and_refusals() {
        assertThat(jcs(Map.of("a", List.of(1, -2L, 9007199254740991L), "b", Map.of("z", 0, "y", Map.of()))))
                .isEqualTo("{\"a\":[1,-2,9007199254740991],\"b\":{\"y\":{},\"z\":0}}");
        assertThatThrownBy(() -> jcs(9007199254740992L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> jcs(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> jcs("\ud800")).isInstanceOf(IllegalArgumentException.class);
        assertThat(jcs("\u001f\u007f\u2028")).isEqualTo("\"\\u001f\u007f\u2028\"");
    }

    @Test
    void records_carrying_key_material_are_refused() throws Exception {
        var key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        List<Map<String, Object>> bad = List.of(Map.of("key", key), Map.of("raw", new byte[] {1}),
                Map.of("privateKey", "x"), Map.of("private_key", "x"), Map.of("nested", Map.of("Secret", "x")),
                Map.of("jwk", Map.of("kty", "oct", "k", "AAAA")), Map.of("jwk", Map.of("kty", "EC", "d", "AAAA")),
                Map.of("pem", "-----BEGIN PRIVATE KEY-----\nMC4C..."), Map.of("list", List.of(Map.of("password", "p"))));
        for (Map<String, Object> fields : bad) {
            assertThatThrownBy(() -> new DecisionRecord("key.release", fields)).as("%s", fields.keySet())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("AAAA");
        }
        assertThatThrownBy(() -> new DecisionRecord("Bad Type", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DecisionRecord("a", Map.of("type", "x"))).isInstanceOf(IllegalArgumentException.class);
        new DecisionRecord("key.release", Map.of("jwk", Map.of("kty", "EC", "x", "AAAA", "crv", "P-256"), "keyId", "k1"));
    }

    @Test
    void decisions_are_appended_as_canonical_json_and_can_be_proven() {
        var signer = NoteSigner.generate(LedgerContractTest.ORIGIN);
        try (Store store = TestStores.sqlite(); Ledger ledger = Ledger.open(store, LedgerConfig.defaults(LedgerContractTest.ORIGIN), signer)) {
            DecisionLog log = DecisionLog.of(ledger);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("outcome", "released");
            fields.put("keyId", "https://kv/keys/k1/v1");
            fields.put("policySha256", "ab12");
            fields.put("tee", Map.of("type", "sevsnp", "measurement", "00ff"));
            long index = log.append(new DecisionRecord("key.release", fields));
            LedgerEntry entry = ledger.entry(index).orElseThrow();
            assertThat(entry.contentType()).isEqualTo(DecisionLog.CONTENT_TYPE);
            assertThat(entry.collectionId()).isEqualTo(DecisionLog.COLLECTION);
            assertThat(new String(entry.content(), StandardCharsets.UTF_8)).isEqualTo("{\"keyId\":\"https://kv/keys/k1/v1\","
                    + "\"outcome\":\"released\",\"policySha256\":\"ab12\",\"tee\":{\"measurement\":\"00ff\",\"type\":\"sevsnp\"},"
                    + "\"type\":\"key.release\"}");
            assertThat(ReceiptVerifier.verify(ledger.receipt(index).toJson(), signer.verifier()).ok()).isTrue();
        }
    }
}
