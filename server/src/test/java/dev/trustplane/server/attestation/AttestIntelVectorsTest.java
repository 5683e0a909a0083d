package dev.trustplane.server.attestation;

import dev.trustplane.common.testing.ManualClock;
import static dev.trustplane.server.attestation.AttestFixture.V;
import static dev.trustplane.server.attestation.AttestFixture.errorCode;
import static dev.trustplane.server.attestation.AttestFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.dcap.OpenEnclaveReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shared real TDX and SGX quote ({@code ../shared/vectors}, MANIFEST.md) attested over HTTPS under the
 * production profile, with the manifest's collateral in the server's cache and the evidence clock at a time inside
 * the quote's PCK and the TCB Signing certificates' validity; tokens verified with the JWKS from {@code /certs}
 * and their claims asserted against the manifest's expected values. The TCB statuses are the evidence module's
 * evaluation of that collateral (see {@code DcapRealVectorsTest}). Skipped without {@code ../shared}.
 */
class AttestIntelVectorsTest {
    static final String SIGNING = "collateral/intel-tcb-signing-2025.der";
    static final String ROOT_CRL = "collateral/intel-root-ca-crl-2023.der";
    static final String TD_QE_2023 = "collateral/intel-td-qe-identity-2023.json";
    static final String TD_QE_2025 = "collateral/intel-td-qe-identity-2025.json";
    static final String SGX_COLLATERAL = "collateral/intel-sgx-tcbinfo-00606a000000-2025.json";

    /**
     * One real quote, its collateral and verification time, and what the token must say (null: refused).
     *
     * @param measurement MRTD (TDX) or MRENCLAVE (SGX), from MANIFEST.md
     * @param reportData REPORTDATA, from MANIFEST.md
     * @param tcbStatus the expected converged TCB status, or the error code when the quote is refused
     */
    record Vector(String file, boolean tdx, List<String> collateral, Instant at, String measurement, String reportData,
            boolean debug, String tcbStatus, boolean genuine) {
        @Override
        public String toString() {
            return file;
        }
    }

    static List<Vector> vectors() {
        return List.of(
                new Vector("tdx/v4-gce-cos113-gotdx.dat", true, List.of("collateral/intel-tdx-tcbinfo-00806f050000-2025.json",
                        TD_QE_2023), Instant.parse("2025-06-15T00:00:00Z"),
                        "dae67181d3d65e073ad8f95b7907d5e927bfe9761c9ff3e9b89734a45d8954dba41394c7717cb2735396c1d04231f94a",
                        "0".repeat(128), false, "UpToDate", true),
                new Vector("tdx/v5-emr-gotdx.dat", true, List.of("collateral/intel-tdx-tcbinfo-90c06f000000-2026.json",
                        TD_QE_2025), Instant.parse("2026-02-15T00:00:00Z"),
                        "7348651a34b2d2d3462822e3a750ec6110125f36757c78480bbfc69cc0d21fb001a1ced3ee19747dda8f750c3bc8f876",
                        "945eaacf5abc1f719d8666a942fda03d1edcb4490277396093dc5a5289ab9f1e094aed63060cd4a4933a4dd537ed1255c9c79ecb3ed82cd1b486233e31c25c3a",
                        false, "UpToDate", true),
                new Vector("tdx/v4-debug-trustee.dat", true, List.of("collateral/intel-tdx-tcbinfo-50806f000000-2023.json",
                        TD_QE_2023, "collateral/intel-pck-platform-crl-2023.der"), Instant.parse("2025-06-01T00:00:00Z"),
                        "705ee9381b8633a9fbe532b52345e8433343d2868959f57889d84ca377c395b689cac1599ccea1b7d420483a9ce5f031",
                        "7c71fe2c86eff65a7cf8dbc22b3275689fd0464a267baced1bf94fc1324656aeb755da3d44d098c0c87382f3a5f85b45c8a28fee1d3bdb38342bf96671501429",
                        true, "UpToDate", true),
                new Vector("tdx/v4-gnr-trustee.dat", true, List.of("collateral/intel-tdx-tcbinfo-00a06d080000-2025.json",
                        TD_QE_2025), Instant.parse("2025-11-01T00:00:00Z"),
                        "21e8dead92d6c69d7cbba79816686c03a48485c7df0c11f6f04792d5e1d378f6b8c46615ba6946adccac6becffbb1e88",
                        "26cae1c77185617fb6a03fc29bf1f924596e52352b9b7594940b576ae126cd4a570cc3202a900c5d19a6eb0a95b32cfd00000000000000000000000000000000",
                        false, "OutOfDate", true),
                new Vector("azure-cvm/tdx-td-quote.dat", true, List.of("collateral/intel-tdx-tcbinfo-00806f050000-2025.json",
                        TD_QE_2023), Instant.parse("2025-06-15T00:00:00Z"),
                        "024a32b070383331181619fa387cb4d55d1e38879f989933055ccad5bc2db795d1737b66205949d15469dc8c1ba7ab7b",
                        "9734504f161d104c74e3165c15f779b06a9bb40dfa71937817d7eee68e5938390000000000000000000000000000000000000000000000000000000000000000",
                        false, "OutOfDate", true),
                // Below every TCB level of their collateral (CPUSVN 03 03 < 05 05; 01 01 < 02 02): not supported.
                new Vector("tdx/v4-spr-gotdx.dat", true, List.of("collateral/intel-tdx-tcbinfo-50806f000000-2023.json",
                        TD_QE_2023, "collateral/intel-pck-platform-crl-2023.der"), Instant.parse("2025-06-01T00:00:00Z"),
                        null, null, false, "EvidenceTcbMismatch", false),
                new Vector("tdx/v5-emr-trustee.dat", true, List.of("collateral/intel-tdx-tcbinfo-90c06f000000-2026.json",
                        TD_QE_2025), Instant.parse("2026-02-15T00:00:00Z"), null, null, false, "EvidenceTcbMismatch", false),
                new Vector("sgx/v3-icx-debug-occlum-trustee.dat", false, List.of(SGX_COLLATERAL,
                        "collateral/intel-sgx-qe-identity-2025.json", "collateral/intel-pck-platform-crl-2025-08.der"),
                        Instant.parse("2025-08-20T00:00:00Z"),
                        "8f173e4613ff05c52aaf04162d234edae8c9977eae47eb2299ae16a553011c68", "74657374" + "0".repeat(120),
                        true, "OutOfDate", true),
                new Vector("sgx/v3-icx-automata.dat", false, List.of(SGX_COLLATERAL,
                        "collateral/intel-sgx-qe-identity-2025.json", "collateral/intel-pck-platform-crl-2025-08.der"),
                        Instant.parse("2025-08-20T00:00:00Z"),
                        "3e7830a35057b9938d0fd849d13e3d82dc4abba812f8ffebbbb3d0e5ff1dd661",
                        "000000000000000000000000533bdab5edb34c958d5ed0b9f950a158a9e65ec7153235568a113e5156253dd1f3fb78db20a37290a42e114a541ffe3d155263ee",
                        false, "SWHardeningNeeded", true));
    }

    @TempDir
    static Path dataDir;
    @TempDir
    static Path staging;
    static final ManualClock CLOCK = new ManualClock(Instant.EPOCH);
    static AttestFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new AttestFixture(dataDir, TrustProfile.production(),
                AttestationSettings.defaults().withEvidenceClock(CLOCK));
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    /** Puts the vector's collateral (plus the TCB Signing certificate and Root CA CRL) in the cache, moves the clock. */
    static byte[] prepare(Vector v) {
        byte[] quote = IntelCollateral.vector(v.file());
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String f : v.collateral()) {
            files.put(f, IntelCollateral.vector(f));
        }
        files.put(SIGNING, IntelCollateral.vector(SIGNING));
        files.put(ROOT_CRL, IntelCollateral.vector(ROOT_CRL));
        IntelCollateral.importInto(dataDir, staging, files);
        CLOCK.set(v.at());
        return quote;
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void each_real_quote_is_attested_as_its_manifest_says(Vector v) throws Exception {
        byte[] quote = prepare(v);
        String route = v.tdx() ? "/attest/TdxVm" : "/attest/SgxEnclave";
        var res = fx.post(route + V, AttestIntelSimulatedTest.body("quote", quote, null, null, "n-" + v.file()));
        if (!v.genuine()) {
            assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
            assertThat(errorCode(res)).isEqualTo(v.tcbStatus());
            assertThat(fx.lastDecision().fields()).containsEntry("verdict", "denied")
                    .containsEntry("trustProfile", "production");
            return;
        }
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JWTClaimsSet c = fx.verify(json(res).path("token").asString());
        assertThat(c.getStringClaim("nonce")).isEqualTo("n-" + v.file());
        assertThat(c.getClaim("x-trustplane-simulated")).isNull();
        assertThat(c.getStringClaim("dcap-trust-profile")).isEqualTo("production");
        assertThat(c.getStringClaim("dcap-tcb-status")).isEqualTo(v.tcbStatus());
        if (v.tdx()) {
            assertThat(c.getStringClaim("x-ms-attestation-type")).isEqualTo("tdxvm");
            assertThat(c.getStringClaim("tdx_mrtd")).isEqualTo(v.measurement());
            assertThat(c.getStringClaim("tdx_report_data")).isEqualTo(v.reportData());
            assertThat(c.getBooleanClaim("tdx_td_attributes_debug")).isEqualTo(v.debug());
            assertThat(c.getStringClaim("attester_tcb_status")).isEqualTo(v.tcbStatus());
        } else {
            assertThat(c.getStringClaim("x-ms-attestation-type")).isEqualTo("sgx");
            assertThat(c.getStringClaim("x-ms-sgx-mrenclave")).isEqualTo(v.measurement());
            assertThat(c.getStringClaim("x-ms-sgx-report-data")).isEqualTo(v.reportData());
            assertThat(c.getBooleanClaim("x-ms-sgx-is-debuggable")).isEqualTo(v.debug());
        }
    }

    @Test
    void the_gce_quote_carries_the_rtmrs_its_event_log_replays_to() throws Exception {
        Vector v = vectors().getFirst();
        var res = fx.post("/attest/TdxVm" + V, AttestIntelSimulatedTest.body("quote", prepare(v), null, null, null));
        JWTClaimsSet c = fx.verify(json(res).path("token").asString());
        // MANIFEST.md: the CCEL replay gives these RTMR0..2 (RTMR3 zero).
        assertThat(c.getStringClaim("tdx_rtmr0")).isEqualTo("3fa2f61f395b7f5feefb4ec2df61297f109ad8abcd6410c1b7df60f21f37b19297fc35e544039c7e1edece752afd17f6");
        assertThat(c.getStringClaim("tdx_rtmr1")).isEqualTo("f62dbc072bd5d3f3438b7b35c39a727f5aea2ffc2473f43723953f530daf62504f0a7944aa62c41a86e8a878c2b122c1");
        assertThat(c.getStringClaim("tdx_rtmr2")).isEqualTo("4969684dc87381fc3b3134176c8d8806eaf0a901859f5f70cfae8d17714b46c10a8de219048c9fc09f11f381a6fbe7c1");
        assertThat(c.getStringClaim("tdx_rtmr3")).isEqualTo("0".repeat(96));
        assertThat(c.getStringClaim("tdx_mrseam")).isEqualTo("ffc97a88587660fb04e1f7c851300c96ae0b5a463ac46d035d16c2d9f36d0ed1d23775bcbd27deb219e3a3cc28023895");
    }

    @Test
    void runtime_data_that_is_not_the_preimage_of_reportdata_is_refused() throws Exception {
        Vector v = vectors().stream().filter(x -> x.file().equals("sgx/v3-icx-automata.dat")).findFirst().orElseThrow();
        byte[] runtime = "{\"not\":\"bound\"}".getBytes(StandardCharsets.UTF_8);
        var res = fx.post("/attest/SgxEnclave" + V, AttestIntelSimulatedTest.body("quote", prepare(v), runtime, null, null));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(errorCode(res)).isEqualTo("RuntimeDataMismatch");
        assertThat(json(res).path("error").path("message").asString()).contains("REPORTDATA[0:32]");
    }

    @Test
    void a_real_sgx_quote_in_an_open_enclave_header_is_attested_on_the_open_enclave_route() throws Exception {
        Vector v = vectors().stream().filter(x -> x.file().equals("sgx/v3-icx-automata.dat")).findFirst().orElseThrow();
        byte[] report = OpenEnclaveReport.wrap(prepare(v));
        var res = fx.post("/attest/OpenEnclave" + V, AttestIntelSimulatedTest.body("report", report, null, null, null));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JWTClaimsSet c = fx.verify(json(res).path("token").asString());
        assertThat(c.getStringClaim("x-ms-sgx-mrsigner")).isEqualTo("60d7778210f93769ad6d1d26698df018f95d321fc64f750fdd286ed15882c58e");
    }

    @Test
    void without_collateral_in_the_cache_a_real_quote_is_refused() throws Exception {
        Vector v = vectors().getLast();
        byte[] quote = prepare(v);
        IntelCollateral.importInto(dataDir, staging, Map.of());
        var res = fx.post("/attest/SgxEnclave" + V, AttestIntelSimulatedTest.body("quote", quote, null, null, null));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(errorCode(res)).isEqualTo("EvidenceCollateralUnavailable");
    }
}
