package dev.trustplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;

class StoreExceptionTest {

    @Test
    void a_database_that_is_down_or_restarting_is_unavailable_wherever_it_shows_in_the_cause_chain() {
        assertThat(StoreException.isUnavailable(new StoreException(StoreException.Code.UNAVAILABLE, "down"))).isTrue();
        assertThat(StoreException.isUnavailable(new IllegalStateException(
                new StoreException(StoreException.Code.UNAVAILABLE, "down")))).isTrue();
        assertThat(StoreException.isUnavailable(new ConnectionException(new SQLTransientConnectionException("pool timed out"))))
                .isTrue();
        assertThat(StoreException.isUnavailable(new RuntimeException(new SQLException("refused", "08001")))).isTrue();
        assertThat(StoreException.isUnavailable(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(StoreException.isUnavailable(new SQLException("starting up", "57P03"))).isTrue();
    }

    @Test
    void other_failures_are_not() {
        assertThat(StoreException.isUnavailable(new StoreException(StoreException.Code.MIGRATION_FAILED, "bad"))).isFalse();
        assertThat(StoreException.isUnavailable(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(StoreException.isUnavailable(new SQLException("no state"))).isFalse();
        assertThat(StoreException.isUnavailable(new IllegalStateException("bug"))).isFalse();
    }
}
