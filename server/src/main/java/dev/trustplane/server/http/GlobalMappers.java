package dev.trustplane.server.http;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pins Helidon's global {@code MapperManager} to one instance before the first server starts.
 *
 * <p>Why: in Helidon 4.4, until a global manager is set, {@code MapperManager.global()} asks the service registry
 * on every call, and the registry builds a fresh manager (with all its mapper providers) per lookup. Helidon
 * itself calls it for every request that carries a body (reading {@code Content-Length} as a number), and
 * {@code Parameters.first(name)} calls it too. A profile of {@code POST /keys/{name}/sign} put a quarter of the
 * server's CPU there. With one manager set, the lookup is a field read.
 */
public final class GlobalMappers {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private GlobalMappers() {}

    /**
     * Sets the global manager once per JVM; later calls do nothing. The API is marked for removal in favour of
     * the service registry, but Helidon 4.4's own request path still reads it first; revisit on upgrade.
     */
    @SuppressWarnings("removal")
    public static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            io.helidon.common.mapper.MapperManager.global(io.helidon.common.mapper.MapperManager.create());
        }
    }
}
