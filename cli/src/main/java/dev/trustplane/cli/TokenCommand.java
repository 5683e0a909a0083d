package dev.trustplane.cli;

import dev.trustplane.server.auth.TokenRoutes;
import dev.trustplane.server.config.Durations;
import dev.trustplane.server.http.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trustplane token create|list|revoke}: manages bearer tokens, either offline against the data dir
 * (no server needed) or online against a running server with an administrator token ({@code --server}).
 */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Create, list and revoke API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {

    /** Where tokens are managed: the data dir, or a server. */
    static final class Target {
        @Mixin
        CommonOptions common;

        @Option(names = "--server", paramLabel = "URL", description = "Manage tokens on a running server, e.g. https://127.0.0.1:8443.")
        String server;

        @Option(names = "--ca", paramLabel = "FILE", description = "CA certificate to trust for --server (default DATA_DIR/tls/ca.pem).")
        Path ca;

        @Option(names = "--admin-token-file", paramLabel = "FILE",
                description = "Administrator token for --server (default: env TRUSTPLANE_TOKEN, else DATA_DIR/admin.token).")
        Path adminTokenFile;

        TokenBackend open() throws Exception {
            var config = common.toServerConfig(null, null, null, null, null, System.getenv());
            if (server == null) {
                return new OfflineTokens(config);
            }
            Path dataDir = config.dataDir();
            String adminToken = Optional.ofNullable(System.getenv("TRUSTPLANE_TOKEN")).filter(s -> adminTokenFile == null)
                    .orElse(null);
            if (adminToken == null) {
                adminToken = dev.trustplane.server.auth.AdminToken.read(
                        adminTokenFile != null ? adminTokenFile : dataDir.resolve("admin.token"));
            }
            return new OnlineTokens(server, ca != null ? ca : dataDir.resolve("tls/ca.pem"), adminToken);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token and print it once.")
    static final class Create implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Option(names = "--role", required = true, description = "Role of the token, e.g. Administrator.")
        String role;

        @Option(names = "--scope", defaultValue = "/", description = "Resources the role applies to: / or e.g. /keys/NAME (default /).")
        String scope;

        @Option(names = "--ttl", description = "Lifetime, e.g. 1h, 7d (default: no expiry).")
        String ttl;

        @Option(names = "--name", description = "Who the token is for (free text).")
        String name;

        @Option(names = "--json", description = "Print the token and its details as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Optional<Duration> lifetime;
            try {
                lifetime = Optional.ofNullable(ttl).map(Durations::parse);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--ttl: " + e.getMessage());
            }
            try (TokenBackend backend = target.open()) {
                Map<String, Object> created = backend.create(Optional.ofNullable(name).orElse("created by trustplane token"),
                        role, scope, lifetime);
                if (json) {
                    System.out.println(Json.MAPPER.writeValueAsString(created));
                } else {
                    System.err.println("Created token " + created.get("id") + " (role " + created.get("role") + ", scope "
                            + created.get("scope") + ", expires " + Optional.ofNullable(created.get("expires")).orElse("never")
                            + "). It is shown only now:");
                    System.out.println(created.get("token"));
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (TokenBackend backend = target.open()) {
                List<Map<String, Object>> tokens = backend.list();
                if (json) {
                    System.out.println(Json.MAPPER.writeValueAsString(Map.of("value", tokens)));
                    return 0;
                }
                String format = "%-16s  %-24s  %-14s  %-16s  %-20s  %-20s  %s%n";
                System.out.printf(format, "ID", "NAME", "ROLE", "SCOPE", "CREATED", "EXPIRES", "STATUS");
                for (Map<String, Object> t : tokens) {
                    System.out.printf(format, t.get("id"), t.get("name"), t.get("role"), t.get("scope"), t.get("created"),
                            Optional.ofNullable(t.get("expires")).orElse("never"),
                            t.get("revoked") != null ? "revoked" : "active");
                }
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by its id.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Parameters(paramLabel = "ID", description = "The token id (see token list).")
        String id;

        @Override
        public Integer call() throws Exception {
            if (!id.matches("[0-9a-f]{16}")) {
                throw new UsageException("token id '" + id + "' must be 16 hexadecimal digits (see token list)");
            }
            try (TokenBackend backend = target.open()) {
                Optional<Map<String, Object>> revoked = backend.revoke(id);
                if (revoked.isEmpty()) {
                    throw new UsageException("no token with id '" + id + "'");
                }
                System.err.println("Revoked token " + id + ".");
            }
            return 0;
        }
    }

    /** Token management, offline or online. */
    interface TokenBackend extends AutoCloseable {
        Map<String, Object> create(String name, String role, String scope, Optional<Duration> ttl) throws Exception;

        List<Map<String, Object>> list() throws Exception;

        Optional<Map<String, Object>> revoke(String id) throws Exception;

        @Override
        default void close() {}
    }

    static Map<String, Object> withToken(Map<String, Object> info, String token) {
        Map<String, Object> out = new LinkedHashMap<>(info);
        out.put("token", token);
        return out;
    }

    static List<Map<String, Object>> describeAll(List<dev.trustplane.server.auth.TokenInfo> infos) {
        return infos.stream().map(TokenRoutes::describe).toList();
    }
}
