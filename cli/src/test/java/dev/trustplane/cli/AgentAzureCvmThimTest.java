package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.trustplane.agent.AgentException;
import dev.trustplane.agent.KeyReleaseAgent;
import dev.trustplane.agent.ReleaseResponseTrust;
import dev.trustplane.agent.TrustplaneClient;
import dev.trustplane.agent.evidence.EvidenceSources;
import dev.trustplane.agent.evidence.SimulatedTee;
import dev.trustplane.agent.evidence.ThimVcekChain;
import dev.trustplane.common.PemText;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.http.Json;
import dev.trustplane.simulator.SimulatedSnpEvidence;
import dev.trustplane.simulator.SnpSimulator;
import dev.trustplane.simulator.SnpSpec;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * An SNP-based Azure CVM (simulated) attests against a real server: the HCL report carries no certificates, the
 * agent fetches the chip's VCEK chain from a loopback stand-in for Azure's metadata service (THIM) and the server
 * verifies the report with it; without the chain the server cannot verify and refuses.
 */
class AgentAzureCvmThimTest {
    @TempDir
    static Path dir;
    static TrustplaneServer server;
    static HttpServer imds;

    @BeforeAll
    static void start() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dir.resolve("data")).withSimulatedTrust(true), List.of());
        SimulatedSnpEvidence chip = SnpSimulator.standard().generate(new SnpSpec().product(SimulatedTee.azureCvm().product()));
        String json = Json.MAPPER.writeValueAsString(java.util.Map.of(
                "vcekCert", PemText.encode("CERTIFICATE", chip.vcek().getEncoded()),
                "tcbm", "DB18000000000004",
                "certificateChain", PemText.encode("CERTIFICATE", chip.ask().getEncoded())
                        + PemText.encode("CERTIFICATE", chip.ark().getEncoded()),
                "cacheControl", "86400"));
        imds = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        imds.createContext("/metadata/THIM/amd/certification", exchange -> {
            byte[] body = "true".equals(exchange.getRequestHeaders().getFirst("Metadata"))
                    ? json.getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(body.length == 0 ? 400 : 200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        imds.start();
    }

    @AfterAll
    static void stop() {
        imds.stop(0);
        server.close();
    }

    private static KeyReleaseAgent agent(dev.trustplane.agent.evidence.EvidenceSource source) throws Exception {
        URI base = URI.create("https://127.0.0.1:" + server.port());
        return new KeyReleaseAgent(source, new TrustplaneClient(base, base, ApiClient.trusting(server.caCertificate()),
                () -> ""), AgentCommand.trustAnchoredAt(server.caCertificate()), "-", Optional.empty());
    }

    @Test
    void the_vcek_chain_from_thim_lets_the_server_verify_an_azure_cvm() throws Exception {
        var thim = new ThimVcekChain(URI.create("http://127.0.0.1:" + imds.getAddress().getPort()), Duration.ofSeconds(5));
        String token = agent(EvidenceSources.withVcekChain(SimulatedTee.azureCvm(), thim)).attestOnly();
        JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.path("x-ms-attestation-type").asString()).isEqualTo("azurevm");
        assertThat(claims.path("x-trustplane-simulated").asBoolean()).isTrue();
    }

    @Test
    void without_the_chain_the_server_cannot_verify_and_refuses() {
        assertThatThrownBy(() -> agent(SimulatedTee.azureCvm()).attestOnly()).isInstanceOf(AgentException.class)
                .hasMessageContaining("attestation refused: HTTP 400");
    }
}
