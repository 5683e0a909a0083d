package dev.trustplane.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Structured claim values (as MAA nests them) are deep-copied, unmodifiable and JSON-typed. */
class AppraisalResultClaimsTest {
    @Test
    void nested_lists_and_maps_are_copied_and_frozen() {
        List<Object> pcrs = new ArrayList<>(List.of(0, 1, 2));
        Map<String, Object> tee = new LinkedHashMap<>(Map.of("x-ms-attestation-type", "sevsnpvm"));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("x-ms-azurevm-attested-pcrs", pcrs);
        claims.put("x-ms-isolation-tee", tee);
        AppraisalResult r = AppraisalResult.of("azure-cvm-snp", List.of(), claims);
        pcrs.add(3);
        tee.put("late", true);

        assertThat(r.claims().get("x-ms-azurevm-attested-pcrs")).isEqualTo(List.of(0, 1, 2));
        assertThat((Map<?, ?>) r.claims().get("x-ms-isolation-tee")).hasSize(1);
        @SuppressWarnings("unchecked")
        List<Object> frozen = (List<Object>) r.claims().get("x-ms-azurevm-attested-pcrs");
        assertThatThrownBy(() -> frozen.add(9))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void values_outside_json_without_nulls_are_refused() {
        assertThatThrownBy(() -> AppraisalResult.of("t", List.of(), Map.of("c", 1.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claims.c");
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("n", java.util.Arrays.asList("a", null));
        assertThatThrownBy(() -> AppraisalResult.of("t", List.of(), withNull))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claims.n[1]");
        assertThatThrownBy(() -> AppraisalResult.of("t", List.of(), Map.of("b", new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
