package dev.trustplane.evidence.kds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.TcbLayout;
import dev.trustplane.evidence.snp.TcbVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The KDS client and collateral cache against a fake KDS on loopback: paths, retries, caching, offline mode. */
class KdsClientTest {
    private static final byte[] VCEK = {0x30, (byte) 0x82, 1, 2, 3};

    @TempDir
    Path cache;

    private HttpServer kds;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failuresBeforeSuccess = new AtomicInteger();
    private volatile int failureStatus = 429;
    private final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void startFakeKds() throws Exception {
        kds = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kds.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/missing") || path.contains("/Genoa/")) {
                exchange.sendResponseHeaders(404, -1);
            } else if (failuresBeforeSuccess.getAndDecrement() > 0) {
                exchange.getResponseHeaders().add("Retry-After", "2");
                exchange.sendResponseHeaders(failureStatus, -1);
            } else {
                exchange.sendResponseHeaders(200, VCEK.length);
                exchange.getResponseBody().write(VCEK);
            }
            exchange.close();
        });
        kds.start();
    }

    @AfterEach
    void stop() {
        kds.stop(0);
    }

    private KdsClient client(int attempts) {
        return new KdsClient(URI.create("http://127.0.0.1:" + kds.getAddress().getPort()), Duration.ofSeconds(5), attempts,
                Duration.ofMillis(100), sleeps::add);
    }

    private static byte[] chipId(int length) {
        byte[] id = new byte[length];
        for (int i = 0; i < length; i++) {
            id[i] = (byte) i;
        }
        return id;
    }

    @Test
    void vcek_paths_follow_the_kds_interface() {
        var milan = new KdsRequest.Vcek(SnpProduct.MILAN, chipId(64),
                new TcbVersion.Components(TcbLayout.ZEN3_ZEN4, -1, 2, 0, 5, 68));
        assertThat(milan.path()).isEqualTo("/vcek/v1/Milan/" + "000102030405060708090a0b0c0d0e0f"
                + "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
                + "?blSPL=2&teeSPL=0&snpSPL=5&ucodeSPL=68");
        var turin = new KdsRequest.Vcek(SnpProduct.TURIN, chipId(64),
                new TcbVersion.Components(TcbLayout.ZEN5, 1, 2, 0, 5, 68));
        assertThat(turin.path()).isEqualTo("/vcek/v1/Turin/0001020304050607?fmcSPL=1&blSPL=2&teeSPL=0&snpSPL=5&ucodeSPL=68");
        assertThat(new KdsRequest.CertChain(SnpProduct.GENOA, false).path()).isEqualTo("/vcek/v1/Genoa/cert_chain");
        assertThat(new KdsRequest.CertChain(SnpProduct.MILAN, true).path()).isEqualTo("/vlek/v1/Milan/cert_chain");
        assertThat(new KdsRequest.Crl(SnpProduct.TURIN).path()).isEqualTo("/vcek/v1/Turin/crl");
    }

    @Test
    void rate_limits_are_retried_honouring_retry_after() throws Exception {
        failuresBeforeSuccess.set(2);
        assertThat(client(4).fetch(new KdsRequest.Crl(SnpProduct.MILAN))).isEqualTo(VCEK);
        assertThat(requests).hasSize(3);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    void server_errors_exhaust_the_attempts_and_report_unavailable() {
        failureStatus = 503;
        failuresBeforeSuccess.set(100);
        assertThatThrownBy(() -> client(3).fetch(new KdsRequest.Crl(SnpProduct.MILAN)))
                .isInstanceOfSatisfying(KdsException.class, e -> assertThat(e.kind()).isEqualTo(KdsException.Kind.UNAVAILABLE))
                .hasMessageContaining("after 3 attempts").hasMessageContaining("HTTP 503");
        assertThat(requests).hasSize(3);
    }

    @Test
    void not_found_is_final() {
        assertThatThrownBy(() -> client(4).fetch(new KdsRequest.Crl(SnpProduct.GENOA)))
                .isInstanceOfSatisfying(KdsException.class, e -> assertThat(e.kind()).isEqualTo(KdsException.Kind.NOT_FOUND));
        assertThat(requests).hasSize(1);
    }

    @Test
    void network_failure_is_unavailable() {
        kds.stop(0);
        assertThatThrownBy(() -> client(2).fetch(new KdsRequest.Crl(SnpProduct.MILAN)))
                .isInstanceOfSatisfying(KdsException.class, e -> assertThat(e.kind()).isEqualTo(KdsException.Kind.UNAVAILABLE));
    }

    @Test
    void plain_http_is_refused_off_loopback() {
        assertThatThrownBy(() -> new KdsClient(URI.create("http://kdsintf.amd.com"), Duration.ofSeconds(1), 1,
                Duration.ZERO, d -> {})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_store_fetches_once_then_serves_from_disk() throws Exception {
        var store = CollateralStore.online(cache, client(2));
        var request = new KdsRequest.Vcek(SnpProduct.MILAN, chipId(64),
                new TcbVersion.Components(TcbLayout.ZEN3_ZEN4, -1, 3, 0, 8, 115));
        assertThat(store.get(request)).isEqualTo(VCEK);
        assertThat(store.get(request)).isEqualTo(VCEK);
        assertThat(requests).hasSize(1);
        assertThat(cache.resolve("amd/Milan/vcek/" + java.util.HexFormat.of().formatHex(chipId(64))
                + "/blSPL3_teeSPL0_snpSPL8_ucodeSPL115.der")).exists();
        assertThat(CollateralStore.offline(cache).get(request)).isEqualTo(VCEK);
        assertThat(requests).hasSize(1);
    }

    @Test
    void refresh_fetches_again_when_online() throws Exception {
        var store = CollateralStore.online(cache, client(2));
        var crl = new KdsRequest.Crl(SnpProduct.MILAN);
        store.get(crl);
        store.refresh(crl);
        assertThat(requests).hasSize(2);
    }

    @Test
    void offline_store_never_fetches() {
        var store = CollateralStore.offline(cache);
        assertThatThrownBy(() -> store.get(new KdsRequest.Crl(SnpProduct.MILAN)))
                .isInstanceOfSatisfying(KdsException.class, e -> assertThat(e.kind()).isEqualTo(KdsException.Kind.NOT_CACHED));
        assertThat(requests).isEmpty();
    }
}
