package dev.trustplane.kms.internal;

import dev.trustplane.store.Dialect;
import dev.trustplane.store.Migration;
import dev.trustplane.store.Store;
import java.time.Duration;
import java.util.Map;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The store as the KMS's classes see it: every transaction, committed or not, ends by running {@code afterWrite}
 * (the {@link KeyStateCache}'s invalidation), so no KMS write can forget it. Everything else passes through.
 */
final class InvalidatingStore implements Store {
    private final Store store;
    private final Runnable afterWrite;

    InvalidatingStore(Store store, Runnable afterWrite) {
        this.store = store;
        this.afterWrite = afterWrite;
    }

    @Override
    public <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback) throws X {
        try {
            return store.inTransaction(callback);
        } finally {
            afterWrite.run();
        }
    }

    @Override
    public <X extends Exception> void useTransaction(HandleConsumer<X> callback) throws X {
        try {
            store.useTransaction(callback);
        } finally {
            afterWrite.run();
        }
    }

    @Override
    public Dialect dialect() {
        return store.dialect();
    }

    @Override
    public Jdbi jdbi() {
        return store.jdbi();
    }

    @Override
    public boolean isReachable(Duration timeout) {
        return store.isReachable(timeout);
    }

    @Override
    public Migration migrate(String owner, String... locations) {
        return store.migrate(owner, locations);
    }

    @Override
    public Map<String, Migration> migrations() {
        return store.migrations();
    }

    @Override
    public void close() {
        store.close();
    }
}
