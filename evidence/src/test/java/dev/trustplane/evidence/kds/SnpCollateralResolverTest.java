package dev.trustplane.evidence.kds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.snp.SnpCollateralLoader;
import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.SnpReport;
import dev.trustplane.evidence.snp.SnpVerifier;
import dev.trustplane.evidence.snp.Vectors;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Completing a real Genoa report's collateral from a cache and from a KDS that serves AMD's real files. */
class SnpCollateralResolverTest {
    private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    Path cache;

    @Test
    void offline_cache_supplies_vcek_and_chain_and_the_report_verifies() throws Exception {
        SnpReport report = SnpReport.parse(Vectors.bytes("snp/genoa-v3-ms.bin"));
        var store = CollateralStore.offline(cache);
        store.put(vcekRequest(report), Vectors.bytes("collateral/vcek-genoa-ms.pem"));
        store.put(new KdsRequest.CertChain(SnpProduct.GENOA, false), Vectors.bytes("roots/amd-genoa-ask-ark.pem"));

        var collateral = new SnpCollateralResolver(Optional.of(store)).resolve(report, new SnpCollateralLoader(), AT);
        var result = SnpVerifier.production(Clock.fixed(AT, ZoneOffset.UTC)).verify(report, collateral, null);
        assertThat(result.reasons()).isEmpty();
        assertThat(result.genuine()).isTrue();
        assertThat(result.warnings()).extracting(r -> r.code()).contains(ReasonCode.CRL_NOT_CHECKED);
    }

    @Test
    void fetches_from_kds_at_the_paths_amd_serves() throws Exception {
        SnpReport report = SnpReport.parse(Vectors.bytes("snp/genoa-v3-ms.bin"));
        byte[] vcek = Vectors.bytes("collateral/vcek-genoa-ms.pem");
        byte[] chain = Vectors.bytes("roots/amd-genoa-ask-ark.pem");
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        HttpServer kds = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String vcekPath = vcekRequest(report).path();
        kds.createContext("/", exchange -> {
            String asked = exchange.getRequestURI().toString();
            seen.add(asked);
            byte[] body = asked.equals(vcekPath) ? vcek : asked.equals("/vcek/v1/Genoa/cert_chain") ? chain : null;
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        kds.start();
        try {
            var client = new KdsClient(URI.create("http://127.0.0.1:" + kds.getAddress().getPort()), Duration.ofSeconds(5),
                    1, Duration.ZERO, d -> {});
            var store = CollateralStore.online(cache, client);
            var collateral = new SnpCollateralResolver(Optional.of(store)).resolve(report, new SnpCollateralLoader(), AT);
            assertThat(SnpVerifier.production(Clock.fixed(AT, ZoneOffset.UTC)).verify(report, collateral, null).genuine())
                    .isTrue();
            assertThat(seen).contains(vcekPath, "/vcek/v1/Genoa/cert_chain", "/vcek/v1/Genoa/crl");
            assertThat(vcekPath).startsWith("/vcek/v1/Genoa/" + java.util.HexFormat.of().formatHex(report.chipId()) + "?blSPL=");

            // Everything fetched is now cached: an offline resolver needs nothing more.
            seen.clear();
            new SnpCollateralResolver(Optional.of(CollateralStore.offline(cache))).resolve(report, new SnpCollateralLoader(), AT);
            assertThat(seen).isEmpty();
        } finally {
            kds.stop(0);
        }
    }

    @Test
    void supplied_certificates_win_and_nothing_is_fetched() throws Exception {
        SnpReport report = SnpReport.parse(Vectors.bytes("snp/milan-v3-ms.bin"));
        var supplied = new SnpCollateralLoader().addBytes(Vectors.bytes("collateral/vcek-milan-ms.pem"))
                .addBytes(Vectors.bytes("roots/amd-milan-ask-ark.pem"));
        var collateral = new SnpCollateralResolver(Optional.empty()).resolve(report, supplied, AT);
        assertThat(collateral.leaf()).isEqualTo(supplied.certificates().getFirst());
    }

    @Test
    void missing_vcek_offline_is_collateral_unavailable() throws Exception {
        SnpReport report = SnpReport.parse(Vectors.bytes("snp/genoa-v3-ms.bin"));
        assertThatThrownBy(() -> new SnpCollateralResolver(Optional.of(CollateralStore.offline(cache)))
                .resolve(report, new SnpCollateralLoader(), AT))
                .isInstanceOfSatisfying(EvidenceFormatException.class,
                        e -> assertThat(e.code()).isEqualTo(ReasonCode.COLLATERAL_UNAVAILABLE))
                .hasMessageContaining("VCEK");
    }

    @Test
    void vlek_reports_need_their_vlek_supplied() throws Exception {
        SnpReport report = SnpReport.parse(Vectors.bytes("snp/milan-v3-vlek-trustee.bin"));
        assertThatThrownBy(() -> new SnpCollateralResolver(Optional.of(CollateralStore.offline(cache)))
                .resolve(report, new SnpCollateralLoader(), AT))
                .isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("VLEK");
    }

    private static KdsRequest.Vcek vcekRequest(SnpReport report) {
        return new KdsRequest.Vcek(SnpProduct.GENOA, report.chipId(),
                report.reportedTcb().decode(SnpProduct.GENOA.tcbLayout()));
    }
}
