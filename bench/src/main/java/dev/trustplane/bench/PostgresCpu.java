package dev.trustplane.bench;

import dev.trustplane.store.Store;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time used so far by a PostgreSQL server on this machine: its postmaster and every live backend and helper
 * process under it. The postmaster is found as the parent of the backend serving one of {@code db}'s connections
 * ({@code pg_backend_pid()}), so another PostgreSQL on the same machine is never counted. Backends that already
 * exited are not counted; the server's connection pools keep theirs open.
 */
final class PostgresCpu {
    private PostgresCpu() {}

    /** The CPU time, or zero when the server is not a local process (e.g. {@code TRUSTPLANE_TEST_PG_URL} elsewhere). */
    static Duration of(Store db) {
        return postmaster(db).map(p -> Stream.concat(Stream.of(p), p.descendants())
                .map(h -> h.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus)).orElse(Duration.ZERO);
    }

    private static Optional<ProcessHandle> postmaster(Store db) {
        long backend = db.jdbi().withHandle(h -> h.createQuery("SELECT pg_backend_pid()").mapTo(Long.class).one());
        return ProcessHandle.of(backend)
                .filter(h -> h.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                .flatMap(ProcessHandle::parent);
    }
}
