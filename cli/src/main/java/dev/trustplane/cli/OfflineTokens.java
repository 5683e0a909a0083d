package dev.trustplane.cli;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.auth.Roles;
import dev.trustplane.server.auth.TokenRoutes;
import dev.trustplane.server.auth.TokenService;
import dev.trustplane.store.Store;
import dev.trustplane.store.StoreException;
import dev.trustplane.store.StoreUrl;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Token management straight against the data dir's store: works without a running server. */
final class OfflineTokens implements TokenCommand.TokenBackend {
    private final Store store;
    private final TokenService tokens;

    OfflineTokens(ServerConfig config) throws UsageException {
        StoreUrl url;
        try {
            url = StoreUrl.parse(config.store());
        } catch (StoreException e) {
            throw new UsageException(e.getMessage());
        }
        if (url instanceof dev.trustplane.store.SqliteUrl && !Files.isDirectory(config.dataDir())) {
            throw new UsageException("data dir " + config.dataDir() + " does not exist; start `trustplane serve` once, "
                    + "or pass --data-dir");
        }
        try {
            this.store = Store.open(url, config.dataDir());
            store.migrate("server", TokenService.MIGRATIONS);
        } catch (StoreException e) {
            throw new UsageException(e.getMessage());
        }
        this.tokens = new TokenService(store, Roles.catalogue(), Clock.systemUTC());
    }

    @Override
    public Map<String, Object> create(String name, String role, String scope, Optional<Duration> ttl) throws UsageException {
        try {
            var issued = tokens.create(name, role, scope, ttl);
            return TokenCommand.withToken(TokenRoutes.describe(issued.info()), issued.bearer());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    @Override
    public List<Map<String, Object>> list() {
        return TokenCommand.describeAll(tokens.list());
    }

    @Override
    public Optional<Map<String, Object>> revoke(String id) {
        return tokens.revoke(id).map(TokenRoutes::describe);
    }

    @Override
    public void close() {
        store.close();
    }
}
