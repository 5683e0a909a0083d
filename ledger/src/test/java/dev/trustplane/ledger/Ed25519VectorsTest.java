package dev.trustplane.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.ledger.internal.Ed25519;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Ed25519 as the ledger uses it, against Wycheproof (every case) and RFC 8032. */
class Ed25519VectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void every_wycheproof_case_gets_the_expected_verdict() throws Exception {
        String shared = System.getProperty("trustplane.shared");
        Path file = shared == null ? null : Path.of(shared, "vectors", "wycheproof", "ed25519_test.json");
        Assumptions.assumeTrue(file != null && Files.exists(file),
                "Wycheproof vectors not found (system property trustplane.shared=" + shared + "); skipping");
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (JsonNode group : root.get("testGroups")) {
            byte[] pk = HEX.parseHex(group.get("publicKey").get("pk").asString());
            for (JsonNode test : group.get("tests")) {
                cases++;
                boolean expected = test.get("result").asString().equals("valid");
                boolean actual = Ed25519.verify(pk, HEX.parseHex(test.get("msg").asString()),
                        HEX.parseHex(test.get("sig").asString()));
                if (expected != actual) {
                    failures.add("tcId " + test.get("tcId").asInt() + " (" + test.get("comment").asString()
                            + "): expected " + test.get("result").asString());
                }
            }
        }
        assertThat(cases).isEqualTo(root.get("numberOfTests").asInt());
        assertThat(failures).isEmpty();
    }

    @Test
    void signing_reproduces_rfc_8032_test_1_and_the_public_key_is_derived_from_the_seed() {
        byte[] seed = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] pkcs8 = HEX.parseHex("302e020100300506032b657004220420" + HEX.formatHex(seed));
        var pair = Ed25519.fromPkcs8(pkcs8);
        assertThat(HEX.formatHex(Ed25519.rawPublicKey(pair.getPublic())))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assertThat(HEX.formatHex(Ed25519.sign(pair.getPrivate(), new byte[0]))).isEqualTo(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertThat(Ed25519.pkcs8(pair.getPrivate())).isEqualTo(pkcs8);
    }
}
