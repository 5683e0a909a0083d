package dev.trustplane.server.attestation;

import static dev.trustplane.server.attestation.AttestFixture.V;
import static dev.trustplane.server.attestation.AttestFixture.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import dev.trustplane.common.PemText;
import dev.trustplane.simulator.DcapSimulator;
import dev.trustplane.simulator.DcapSpec;
import dev.trustplane.simulator.SimulatedDcapEvidence;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --collateral-fetch on}: a TD quote whose collateral is not in the data dir is attested with
 * collateral the server fetches from an Intel PCS (here a fake one on loopback serving the simulator's collateral)
 * and caches, so the next attestation fetches nothing; while PCS is down and nothing is cached the quote is refused
 * as with missing collateral offline.
 */
class AttestOnlineCollateralTest {
    static final DcapSimulator SIM = DcapSimulator.standard();

    @TempDir
    Path dataDir;

    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean down = new AtomicBoolean();
    private SimulatedDcapEvidence evidence;
    private HttpServer pcs;
    private AttestFixture fx;

    @BeforeEach
    void start() throws Exception {
        evidence = SIM.generate(DcapSpec.tdx().mrTd(HexFormat.of().parseHex("ab".repeat(48))));
        String chain = PemText.encode("CERTIFICATE", evidence.tcbSigning().getEncoded());
        pcs = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pcs.createContext("/", exchange -> {
            String uri = exchange.getRequestURI().toString();
            requests.add(uri);
            byte[] body = down.get() ? null : answer(uri);
            if (body == null) {
                exchange.sendResponseHeaders(down.get() ? 503 : 404, -1);
            } else {
                if (uri.contains("/tcb?") || uri.contains("/qe/identity")) {
                    exchange.getResponseHeaders().add(uri.contains("/tcb?") ? "TCB-Info-Issuer-Chain"
                            : "SGX-Enclave-Identity-Issuer-Chain", URLEncoder.encode(chain, StandardCharsets.UTF_8));
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        pcs.start();
        URI base = URI.create("http://127.0.0.1:" + pcs.getAddress().getPort());
        fx = new AttestFixture(dataDir, evidence.profile(),
                AttestationSettings.defaults().withOnlineCollateral(new CollateralServices(base, base, base)));
    }

    private byte[] answer(String uri) throws java.io.IOException {
        try {
            if (uri.startsWith("/tdx/certification/v4/tcb?fmspc=")) {
                return evidence.tcbInfo();
            }
            if (uri.equals("/tdx/certification/v4/qe/identity")) {
                return evidence.qeIdentity();
            }
            if (uri.startsWith("/sgx/certification/v4/pckcrl?")) {
                return evidence.pckCrl().getEncoded();
            }
            if (uri.equals("/IntelSGXRootCA.der")) {
                return evidence.rootCrl().getEncoded();
            }
            return null;
        } catch (java.security.cert.CRLException e) {
            throw new java.io.IOException(e);
        }
    }

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
        pcs.stop(0);
    }

    @Test
    void missing_collateral_is_fetched_once_and_cached_in_the_data_dir() throws Exception {
        String body = AttestIntelSimulatedTest.body("quote", evidence.quote(), null, null, "online-1");
        var first = fx.post("/attest/TdxVm" + V, body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JWTClaimsSet claims = fx.verify(AttestFixture.json(first).path("token").asString());
        assertThat(claims.getStringClaim("tdx_mrtd")).isEqualTo("ab".repeat(48));
        assertThat(claims.getStringClaim("attester_tcb_status")).isEqualTo("UpToDate");
        assertThat(requests).as("TCB Info, QE Identity and the CRLs were fetched")
                .anyMatch(u -> u.startsWith("/tdx/certification/v4/tcb?fmspc="))
                .contains("/tdx/certification/v4/qe/identity", "/IntelSGXRootCA.der")
                .anyMatch(u -> u.startsWith("/sgx/certification/v4/pckcrl?"));
        try (var cached = Files.walk(dataDir.resolve(AttestationRoutes.COLLATERAL_DIR))) {
            assertThat(cached.filter(Files::isRegularFile).count()).as("cached in DATA_DIR/collateral").isGreaterThanOrEqualTo(4);
        }

        int fetched = requests.size();
        var second = fx.post("/attest/TdxVm" + V, AttestIntelSimulatedTest.body("quote", evidence.quote(), null, null,
                "online-2"));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(requests).as("the second attestation is served from the cache").hasSize(fetched);
    }

    @Test
    void an_unreachable_pcs_with_nothing_cached_is_a_collateral_refusal_not_a_server_error() throws Exception {
        down.set(true);
        var res = fx.post("/attest/TdxVm" + V, AttestIntelSimulatedTest.body("quote", evidence.quote(), null, null, null));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        assertThat(errorCode(res)).isEqualTo("EvidenceCollateralUnavailable");
        assertThat(res.body()).contains("no TDX TCB Info for FMSPC");
        int tried = requests.size();
        assertThat(tried).as("each item tried at most twice (one retry)").isBetween(1, 2 * 4);

        down.set(false);
        var again = fx.post("/attest/TdxVm" + V, AttestIntelSimulatedTest.body("quote", evidence.quote(), null, null, null));
        assertThat(errorCode(again)).as("a failed fetch is not repeated within a minute").isEqualTo(
                "EvidenceCollateralUnavailable");
        assertThat(requests).hasSize(tried);
    }
}
