package dev.trustplane.evidence.pcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.trustplane.common.PemText;
import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.appraisal.EvidenceAppraiser;
import dev.trustplane.evidence.appraisal.EvidenceInput;
import dev.trustplane.evidence.kds.CollateralStore;
import dev.trustplane.evidence.kds.KdsClient;
import dev.trustplane.evidence.kds.KdsException;
import dev.trustplane.evidence.tpm.SharedVectors;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PCS client and the Intel side of the collateral store against a fake PCS on loopback serving the
 * shared Intel collateral: paths, the issuer-chain header, retries, caching, offline mode, and an SGX
 * quote verified with nothing but what the store fetched.
 */
class PcsCollateralTest {
    private static final Clock ICX_TIME = Clock.fixed(Instant.parse("2025-08-20T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path cache;

    private HttpServer pcs;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failuresBeforeSuccess = new AtomicInteger();
    private final List<Duration> sleeps = new ArrayList<>();
    private Map<String, String> files;

    @BeforeEach
    void startFakePcs() throws Exception {
        files = Map.of(
                "/sgx/certification/v4/tcb?fmspc=00606a000000", "collateral/intel-sgx-tcbinfo-00606a000000-2025.json",
                "/sgx/certification/v4/qe/identity", "collateral/intel-sgx-qe-identity-2025.json",
                "/sgx/certification/v4/pckcrl?ca=platform&encoding=der", "collateral/intel-pck-platform-crl-2025-08.der",
                "/IntelSGXRootCA.der", "collateral/intel-root-ca-crl-2023.der");
        String chain = PemText.encode("CERTIFICATE", SharedVectors.read("collateral/intel-tcb-signing-2025.der"));
        pcs = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pcs.createContext("/", exchange -> {
            String uri = exchange.getRequestURI().toString();
            requests.add(uri);
            String file = files.get(uri);
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
            } else if (failuresBeforeSuccess.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                byte[] body = SharedVectors.read(file);
                if (file.endsWith(".json")) {
                    exchange.getResponseHeaders().add(uri.contains("/tcb") ? "TCB-Info-Issuer-Chain"
                            : "SGX-Enclave-Identity-Issuer-Chain", URLEncoder.encode(chain, StandardCharsets.UTF_8));
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        pcs.start();
    }

    @AfterEach
    void stop() {
        if (pcs != null) { // null when ../shared is absent and set-up skipped the test
            pcs.stop(0);
        }
    }

    private PcsClient client() {
        URI base = URI.create("http://127.0.0.1:" + pcs.getAddress().getPort());
        return new PcsClient(base, base, Duration.ofSeconds(5), 3, Duration.ofMillis(100), sleeps::add);
    }

    private CollateralStore online() {
        return CollateralStore.online(cache, new KdsClient(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1), 1,
                Duration.ofMillis(1), d -> { }), client());
    }

    @Test
    void fetches_with_the_v4_paths_and_decodes_the_issuer_chain() throws Exception {
        PcsClient.Response r = client().fetch(new PcsRequest.TcbInfo(PcsRequest.Tee.SGX, "00606A000000"));
        assertThat(r.body()).isEqualTo(SharedVectors.read("collateral/intel-sgx-tcbinfo-00606a000000-2025.json"));
        assertThat(r.issuerChain()).hasValueSatisfying(pem -> assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----"));
        assertThat(requests).containsExactly("/sgx/certification/v4/tcb?fmspc=00606a000000");
    }

    @Test
    void retries_5xx_with_exponential_backoff_and_gives_up() throws Exception {
        failuresBeforeSuccess.set(2);
        assertThat(client().fetch(new PcsRequest.QeIdentity(PcsRequest.Tee.SGX)).body()).isNotEmpty();
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        failuresBeforeSuccess.set(10);
        assertThatThrownBy(() -> client().fetch(new PcsRequest.RootCrl()))
                .isInstanceOfSatisfying(KdsException.class, e -> assertThat(e.kind()).isEqualTo(KdsException.Kind.UNAVAILABLE));
        assertThatThrownBy(() -> client().fetch(new PcsRequest.QeIdentity(PcsRequest.Tee.TDX)))
                .isInstanceOfSatisfying(KdsException.class, e -> assertThat(e.kind()).isEqualTo(KdsException.Kind.NOT_FOUND));
    }

    @Test
    void plain_http_is_refused_off_loopback() {
        assertThatThrownBy(() -> new PcsClient(URI.create("http://api.trustedservices.intel.com"), PcsClient.INTEL_CERTIFICATES,
                Duration.ofSeconds(1), 1, Duration.ofMillis(1), d -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_sgx_quote_verifies_with_collateral_the_store_fetched_then_offline_from_the_cache() {
        List<EvidenceInput> quote = List.of(new EvidenceInput("quote", SharedVectors.read("sgx/v3-icx-automata.dat")));
        EvidenceAppraiser.Options options = EvidenceAppraiser.Options.defaults().withClock(ICX_TIME).withRequireCrl(true);
        AppraisalResult online = new EvidenceAppraiser(options.withStore(online())).appraise(quote, List.of());
        assertThat(online.genuine()).as(online.reasons().toString()).isTrue();
        assertThat(online.claims()).containsEntry("dcap-tcb-status", "SWHardeningNeeded");
        assertThat(Files.isRegularFile(cache.resolve("intel/sgx/tcb/00606a000000.json"))).isTrue();
        assertThat(Files.isRegularFile(cache.resolve("intel/tcb-signing-chain.pem"))).isTrue();

        int fetched = requests.size();
        pcs.stop(0);
        AppraisalResult offline = new EvidenceAppraiser(options.withStore(CollateralStore.offline(cache)))
                .appraise(quote, List.of());
        assertThat(offline.genuine()).isTrue();
        assertThat(offline.claims()).isEqualTo(online.claims());
        assertThat(requests).hasSize(fetched);
    }

    @Test
    void offline_without_a_cache_is_collateral_unavailable() {
        AppraisalResult r = new EvidenceAppraiser(EvidenceAppraiser.Options.defaults().withClock(ICX_TIME)
                .withStore(CollateralStore.offline(cache)))
                .appraise(List.of(new EvidenceInput("quote", SharedVectors.read("sgx/v3-icx-automata.dat"))), List.of());
        assertThat(r.genuine()).isFalse();
        assertThat(requests).isEmpty();
    }
}
