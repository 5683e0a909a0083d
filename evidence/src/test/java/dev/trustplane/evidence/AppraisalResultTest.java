package dev.trustplane.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Invariants of the shared result type. */
class AppraisalResultTest {
    @Test
    void findings_are_sorted_into_reasons_and_warnings() {
        AppraisalResult r = AppraisalResult.of("sevsnpvm", List.of(
                new Reason(ReasonCode.DEBUG_ENABLED, "debug"),
                new Reason(ReasonCode.SIGNATURE_INVALID, "sig"),
                new Reason(ReasonCode.CRL_NOT_CHECKED, "crl")), Map.of());
        assertThat(r.genuine()).isFalse();
        assertThat(r.reasons()).extracting(Reason::code).containsExactly(ReasonCode.SIGNATURE_INVALID);
        assertThat(r.warnings()).extracting(Reason::code)
                .containsExactly(ReasonCode.DEBUG_ENABLED, ReasonCode.CRL_NOT_CHECKED);
        assertThat(r.has(ReasonCode.CRL_NOT_CHECKED)).isTrue();
        assertThat(r.has(ReasonCode.REVOKED)).isFalse();
    }

    @Test
    void only_warnings_is_genuine_and_claims_keep_their_order_and_are_immutable() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("z", 1);
        claims.put("a", true);
        AppraisalResult r = AppraisalResult.of("t", List.of(new Reason(ReasonCode.DEBUG_ENABLED, "d")), claims);
        claims.put("later", "x");
        assertThat(r.genuine()).isTrue();
        assertThat(r.claims().keySet()).containsExactly("z", "a");
        assertThatThrownBy(() -> r.claims().put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void inconsistent_construction_is_refused() {
        Reason rejecting = new Reason(ReasonCode.MALFORMED, "m");
        Reason warning = new Reason(ReasonCode.CRL_NOT_CHECKED, "c");
        assertThatThrownBy(() -> new AppraisalResult(true, "t", List.of(rejecting), List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AppraisalResult(false, "t", List.of(warning), List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AppraisalResult(false, "t", List.of(), List.of(rejecting), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void format_exception_names_field_and_offset() {
        EvidenceFormatException e = new EvidenceFormatException(ReasonCode.MALFORMED, "CHIP_ID", 0x1A0, "bad");
        assertThat(e).hasMessage("CHIP_ID at offset 0x1a0: bad");
        assertThat(e.toReason()).isEqualTo(new Reason(ReasonCode.MALFORMED, "CHIP_ID at offset 0x1a0: bad"));
        assertThat(new EvidenceFormatException(ReasonCode.COLLATERAL_UNAVAILABLE, "VCEK", -1, "none"))
                .hasMessage("VCEK: none");
    }
}
