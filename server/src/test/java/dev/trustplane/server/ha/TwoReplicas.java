package dev.trustplane.server.ha;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.store.testing.DataDirs;
import dev.trustplane.store.testing.TestStores;
import java.nio.file.Path;
import java.util.List;

/**
 * Two servers on one fresh PostgreSQL database, the second started from a copy of the first one's data dir, as an
 * operator makes a replica (docs/high-availability.md).
 */
final class TwoReplicas implements AutoCloseable {
    final String store;
    final Path dirA;
    final TrustplaneServer a;
    final TrustplaneServer b;
    final String admin;
    final TestClient onA;
    final TestClient onB;

    TwoReplicas(Path dir) throws Exception {
        store = TestStores.parseableLocation(TestStores.freshPostgresUrl());
        dirA = dir.resolve("a");
        Path dirB = dir.resolve("b");
        a = TrustplaneServer.start(ServerConfig.forTests(dirA).withStore(store), List.of());
        try {
            DataDirs.copyForReplica(dirA, dirB);
            b = TrustplaneServer.start(ServerConfig.forTests(dirB).withStore(store), List.of());
        } catch (Exception | Error e) {
            a.close();
            throw e;
        }
        admin = AdminToken.read(dirA.resolve(AdminToken.FILE));
        onA = new TestClient(a.caCertificate(), a.port());
        onB = new TestClient(b.caCertificate(), b.port());
    }

    @Override
    public void close() {
        try {
            b.close();
        } finally {
            a.close();
        }
    }
}
