package dev.trustplane.evidence.kds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.snp.SnpCollateralLoader;
import dev.trustplane.evidence.snp.SnpReport;
import dev.trustplane.evidence.snp.SnpVerifier;
import dev.trustplane.evidence.snp.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import of a messy folder of AMD collateral, export, and re-import on an "air-gapped" machine. */
class CollateralTransferTest {
    private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void imported_collateral_lets_an_offline_verifier_verify_every_product() throws Exception {
        Path incoming = tmp.resolve("incoming/nested");
        Files.createDirectories(incoming);
        // Arbitrary names, PEM and DER mixed, unrelated files among them.
        Files.write(incoming.resolve("a.bin"), Vectors.bytes("collateral/vcek-genoa-ms.pem"));
        Files.write(incoming.resolve("b"), Vectors.bytes("collateral/vcek-milan-ms.pem"));
        Files.write(incoming.resolve("turin.crt"), Vectors.bytes("collateral/vcek-turin-ms.pem"));
        Files.write(incoming.resolve("chain1.pem"), Vectors.bytes("roots/amd-genoa-ask-ark.pem"));
        Files.write(incoming.resolve("chain2.pem"), Vectors.bytes("roots/amd-milan-ask-ark.pem"));
        Files.write(incoming.resolve("chain3.pem"), Vectors.bytes("roots/amd-turin-ask-ark.pem"));
        Files.write(incoming.resolve("vlek.der"), Vectors.bytes("collateral/vlek-milan-trustee.der"));
        Files.writeString(incoming.resolve("README.txt"), "not collateral");

        var connected = CollateralStore.offline(tmp.resolve("connected"));
        var summary = CollateralTransfer.importFrom(tmp.resolve("incoming"), connected);
        assertThat(summary.vceks()).isEqualTo(3);
        assertThat(summary.chains()).isEqualTo(3);
        assertThat(summary.skipped()).anyMatch(s -> s.contains("README.txt")).anyMatch(s -> s.startsWith("VLEK"));

        Path carried = tmp.resolve("usb-stick");
        assertThat(CollateralTransfer.exportTo(connected, carried)).isEqualTo(6);
        var airGapped = CollateralStore.offline(tmp.resolve("air-gapped"));
        assertThat(CollateralTransfer.importFrom(carried, airGapped).vceks()).isEqualTo(3);

        var resolver = new SnpCollateralResolver(Optional.of(airGapped));
        var verifier = SnpVerifier.production(Clock.fixed(AT, ZoneOffset.UTC));
        for (String report : new String[] {"snp/genoa-v3-ms.bin", "snp/milan-v3-ms.bin", "snp/turin-v5-ms.bin"}) {
            SnpReport parsed = SnpReport.parse(Vectors.bytes(report));
            var result = verifier.verify(parsed, resolver.resolve(parsed, new SnpCollateralLoader(), AT), null);
            assertThat(result.genuine()).as(report + " " + result.reasons()).isTrue();
        }
    }
}
