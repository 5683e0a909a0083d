package dev.trustplane.server.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trustplane.agent.ReleasedKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Key Vault keys SDKs of two other languages against a running server, as users outside Java would
 * drive it: Python's {@code azure-keyvault-keys} (Debian's {@code python3-azure}) and JavaScript's
 * {@code @azure/keyvault-keys} (pinned in {@code src/test/sdk/js/package.json}, installed with {@code npm ci}).
 * The scripts under {@code src/test/sdk} run the key lifecycle, paging, rotation, crypto, backup, soft delete and
 * error codes through each SDK, and Managed HSM's role definitions and assignments through Python's
 * {@code KeyVaultAccessControlClient}; the JavaScript one also releases a key with an attestation token from this
 * server, and the release it got is opened here with the workload's transfer key. Each SDK is skipped, with the
 * reason, where it is not installed; .ci/run installs both.
 */
class OtherSdksTest {
    static final Path SDK = Path.of("src/test/sdk");
    static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    static Path dataDir;
    static SkrFixture fx;
    static Path ca;
    static Path token;

    @BeforeAll
    static void start() throws Exception {
        fx = new SkrFixture(dataDir, List.of());
        ca = fx.server.caCertificate();
        token = dataDir.resolve("sdk.token");
        Files.writeString(token, fx.admin);
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.4", "7.6", "2025-07-01"})
    void python_sdk(String apiVersion) throws Exception {
        assumePython();
        assertPassed(run(List.of(PYTHON.toString(), "-B", SDK.resolve("python/keys_check.py").toString(), fx.base,
                ca.toString(), token.toString(), apiVersion), Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.4", "7.6"})
    void python_administration_sdk(String apiVersion) throws Exception {
        assumePython();
        var issued = fx.client.post("/admin/tokens", fx.admin, "application/json",
                "{\"role\":\"Ledger Reader\",\"scope\":\"/\",\"name\":\"python sdk\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String principal = SkrFixture.json(issued).path("id").asString();
        assertPassed(run(List.of(PYTHON.toString(), "-B", SDK.resolve("python/admin_check.py").toString(), fx.base,
                ca.toString(), token.toString(), apiVersion, principal), Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.4", "7.5", "7.6"})
    void javascript_sdk(String serviceVersion) throws Exception {
        Path js = SDK.resolve("js");
        assumeTrue(Files.isDirectory(js.resolve("node_modules/@azure/keyvault-keys"))
                        && run(List.of("node", "--version"), Map.of()).exit == 0,
                "JavaScript's Azure SDK is not installed (node, and npm ci --prefix server/src/test/sdk/js)");
        Path attestation = dataDir.resolve("attestation-" + serviceVersion + ".jwt");
        Files.writeString(attestation, fx.attest());
        Result result = run(List.of("node", js.resolve("keys_check.js").toString(), fx.base, token.toString(),
                serviceVersion, attestation.toString()), Map.of("NODE_EXTRA_CA_CERTS", ca.toString()));
        assertPassed(result);
        // What the SDK received is a release the workload can open with its transfer key.
        String jws = result.output.lines().filter(l -> l.startsWith("released ")).findFirst().orElseThrow()
                .substring("released ".length());
        ReleasedKey released = ReleasedKey.open(jws, (RSAPrivateCrtKey) SkrFixture.TRANSFER.getPrivate(), fx.trust());
        assertThat(released.keyType()).isEqualTo("RSA-HSM");
    }

    static void assumePython() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c",
                "import azure.keyvault.keys, azure.keyvault.administration"), Map.of()).exit == 0,
                "Python's Azure SDK is not installed (apt-get install python3-azure)");
    }

    record Result(int exit, String output) {}

    /** A check script ran to its end: exit 0, its closing "ALL OK" line, no failed check. */
    static void assertPassed(Result result) {
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output).contains("ALL OK").doesNotContain("FAIL");
    }

    /** Runs a command with extra environment variables, output and errors merged, 2 minutes at most. */
    static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dataDir, "sdk-", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().putAll(env);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage()); // the program is not installed
        }
        boolean ended = process.waitFor(2, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        return ended ? new Result(process.exitValue(), text) : new Result(-1, "timed out after 2 minutes:\n" + text);
    }
}
