package dev.trustplane.evidence.dcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustAnchor;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.snp.SnpCollateralLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Jazzer fuzz targets for the DCAP quote and Intel collateral parsers. A normal test run replays only
 * the seeds in {@code DcapFuzzTestInputs/} (simulated quotes and collateral written by the project's
 * simulator, so no shared data is copied); {@code JAZZER_FUZZ=1 ./mvnw -pl evidence test
 * -Dtest=DcapFuzzTest} fuzzes for real. Properties: parsers return or throw
 * {@link EvidenceFormatException} naming a field, nothing else; the verifier never throws. The seeded
 * mutation test flips random bytes of the seeds and checks that every change under a signature is
 * caught.
 */
class DcapFuzzTest {
    private static final Clock AT = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @FuzzTest(maxDuration = "30s")
    void parse_quote(byte[] data) {
        try {
            DcapQuote q = DcapQuote.parse(data);
            assertThat(q.signedData().length + 4 + q.trailingBytes()).isLessThanOrEqualTo(data.length);
            new DcapVerifier(TrustProfile.production(), AT, DcapVerifier.Options.defaults())
                    .verify(q, DcapCollateral.empty(), null);
        } catch (EvidenceFormatException e) {
            assertThat(e.field()).isNotBlank();
            assertThat(e.offset()).isBetween(-1L, (long) data.length);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void parse_collateral(byte[] data) {
        for (String member : List.of("tcbInfo", "enclaveIdentity")) {
            try {
                if (member.equals("tcbInfo")) {
                    TcbInfo.parse(data);
                } else {
                    EnclaveIdentity.parse(data);
                }
            } catch (EvidenceFormatException e) {
                assertThat(e.code()).isEqualTo(ReasonCode.COLLATERAL_UNAVAILABLE);
                assertThat(e.field()).isNotBlank();
            }
        }
        assertThat(DcapCollateral.of(List.of(data))).isNotNull();
    }

    @Test
    void seeded_mutations_under_a_signature_are_always_caught() throws Exception {
        Random random = new Random(20261123L);
        for (String seed : List.of("tdx-v4", "tdx-v5-td15", "sgx-v3")) {
            byte[] good = seed("parse_quote/" + seed);
            DcapQuote q = DcapQuote.parse(good);
            TrustProfile own = selfRooted(q);
            assertThat(codes(verify(own, good))).as(seed).doesNotContain(ReasonCode.SIGNATURE_INVALID,
                    ReasonCode.CHAIN_INVALID);
            int signatureEnd = q.signedData().length + 4 + 64;
            for (int i = 0; i < 150; i++) {
                byte[] bad = good.clone();
                int at = random.nextInt(bad.length);
                bad[at] ^= (byte) (1 + random.nextInt(255));
                AppraisalResult r = verify(own, bad);
                if (at < signatureEnd) {
                    assertThat(r.genuine()).as("%s byte %d", seed, at).isFalse();
                    assertThat(codes(r.reasons())).as("%s byte %d", seed, at).containsAnyOf(ReasonCode.SIGNATURE_INVALID,
                            ReasonCode.MALFORMED, ReasonCode.UNSUPPORTED_VERSION);
                }
            }
        }
    }

    @Test
    void seeds_parse() throws Exception {
        assertThat(DcapQuote.parse(seed("parse_quote/tdx-v5-td15")).td().orElseThrow().isV15()).isTrue();
        assertThat(TcbInfo.parse(seed("parse_collateral/tdx-tcb-info")).tdxModuleIdentities()).hasSize(1);
        assertThat(EnclaveIdentity.parse(seed("parse_collateral/td-qe-identity")).id()).isEqualTo("TD_QE");
    }

    private static AppraisalResult verify(TrustProfile profile, byte[] quote) {
        return new DcapVerifier(profile, AT, DcapVerifier.Options.defaults()).verify(quote, DcapCollateral.empty(), null);
    }

    /** A profile trusting the root certificate the quote itself carries (the simulator's root). */
    private static TrustProfile selfRooted(DcapQuote q) {
        List<X509Certificate> chain = new SnpCollateralLoader()
                .addBytes(q.pckChainPem().orElseThrow().getBytes(StandardCharsets.US_ASCII)).certificates();
        return TrustProfile.simulated(List.of(new TrustAnchor(TrustAnchor.INTEL_SGX, TrustAnchor.INTEL_ROOT,
                chain.getLast().getPublicKey())));
    }

    private static List<ReasonCode> codes(List<dev.trustplane.evidence.Reason> reasons) {
        return reasons.stream().map(dev.trustplane.evidence.Reason::code).toList();
    }

    private static List<ReasonCode> codes(AppraisalResult r) {
        return codes(r.reasons());
    }

    private byte[] seed(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("DcapFuzzTestInputs/" + name)) {
            return in.readAllBytes();
        }
    }
}
