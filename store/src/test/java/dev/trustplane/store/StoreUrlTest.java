package dev.trustplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StoreUrlTest {

    private static final String SECRET = "s3cr3t-Pa55";

    @Test
    void bare_sqlite_means_trustplane_db_in_the_data_directory() {
        StoreUrl url = StoreUrl.parse("sqlite");
        assertThat(url).isEqualTo(StoreUrl.DEFAULT).isInstanceOf(SqliteUrl.class);
        assertThat(url.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(((SqliteUrl) url).resolve(Path.of("/var/lib/tp"))).isEqualTo(Path.of("/var/lib/tp/trustplane.db"));
        assertThat(StoreUrl.parse("  SQLite ")).isEqualTo(StoreUrl.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource({
        "sqlite:/srv/tp/store.db,          /srv/tp/store.db",
        "jdbc:sqlite:/srv/tp/store.db,     /srv/tp/store.db",
        "sqlite:///srv/tp/store.db,        /srv/tp/store.db",
        "sqlite:store.db,                  /data/store.db",
        "sqlite:sub/../other.db,           /data/other.db",
    })
    void sqlite_paths_resolve_against_the_data_directory_when_relative(String text, String expected) {
        var url = (SqliteUrl) StoreUrl.parse(text);
        assertThat(url.resolve(Path.of("/data"))).isEqualTo(Path.of(expected));
        assertThat(url.toString()).startsWith("sqlite:");
    }

    @Test
    void full_postgres_url_is_split_into_its_parts() {
        var url = (PostgresUrl) StoreUrl.parse("postgresql://tp_app:" + SECRET + "@db.internal:6543/trust?sslmode=verify-full&ApplicationName=tp");
        assertThat(url.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(url.host()).isEqualTo("db.internal");
        assertThat(url.port()).isEqualTo(6543);
        assertThat(url.database()).isEqualTo("trust");
        assertThat(url.user()).contains("tp_app");
        assertThat(url.hasPassword()).isTrue();
        assertThat(url.parameters()).isEqualTo(Map.of("sslmode", "verify-full", "ApplicationName", "tp"));
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/trust");
        assertThat(url.toString())
                .isEqualTo("postgresql://tp_app:***@db.internal:6543/trust?ApplicationName=tp&sslmode=verify-full")
                .doesNotContain(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "postgres://tp@localhost/trust",
        "jdbc:postgresql://tp@localhost/trust",
        "POSTGRESQL://tp@localhost:5432/trust",
        "postgresql://localhost/trust?user=tp",
    })
    void all_postgres_spellings_mean_the_same_place(String text) {
        var url = (PostgresUrl) StoreUrl.parse(text);
        assertThat(url.hostAndPort()).isEqualTo("localhost:5432");
        assertThat(url.database()).isEqualTo("trust");
        assertThat(url.user()).contains("tp");
        assertThat(url.hasPassword()).isFalse();
        assertThat(url.toString()).isEqualTo("postgresql://tp@localhost:5432/trust");
    }

    @Test
    void percent_encoded_credentials_and_ipv6_hosts_are_decoded() {
        var url = (PostgresUrl) StoreUrl.parse("postgresql://us%40er:p%2Fa%3Ass%40w+rd@[::1]:5433/my%20db");
        assertThat(url.user()).contains("us@er");
        assertThat(url.host()).isEqualTo("::1");
        assertThat(url.hostAndPort()).isEqualTo("[::1]:5433");
        assertThat(url.database()).isEqualTo("my db");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/my%20db");
        assertThat(url).isEqualTo(StoreUrl.parse("postgresql://us%40er:p%2Fa%3Ass%40w+rd@[::1]:5433/my%20db"));
        assertThat(url).isNotEqualTo(StoreUrl.parse("postgresql://us%40er:other@[::1]:5433/my%20db"));
    }

    @Test
    void unencoded_at_sign_in_the_password_still_parses() {
        var url = (PostgresUrl) StoreUrl.parse("postgresql://tp:p@ss@db/trust");
        assertThat(url.host()).isEqualTo("db");
        assertThat(url.toString()).isEqualTo("postgresql://tp:***@db:5432/trust");
    }

    @Test
    void password_in_query_is_a_credential_not_a_driver_parameter() {
        var url = (PostgresUrl) StoreUrl.parse("postgresql://tp@db/trust?password=" + SECRET + "&sslmode=require");
        assertThat(url.hasPassword()).isTrue();
        assertThat(url.parameters()).containsOnlyKeys("sslmode");
        assertThat(url.toString()).doesNotContain(SECRET).contains(":***@");
        assertThat(url.withDatabase("other").toString()).isEqualTo("postgresql://tp:***@db:5432/other?sslmode=require");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                      | store location is empty",
        "'   '                                   | store location is empty",
        "mysql://u:" + SECRET + "@h/db          | unsupported store scheme 'mysql'",
        "nonsense                                | unrecognised store location",
        "sqlite:                                 | sqlite store path is empty",
        "sqlite::memory:                         | no :memory:",
        "sqlite:file:x.db?mode=ro                | no file: URI",
        "sqlite:/x.db?cache=shared               | must not contain '?'",
        "sqlite://host/x.db                      | needs an absolute path",
        "postgresql://u:" + SECRET + "@/db      | has no host",
        "postgresql://u:" + SECRET + "@h        | names no database",
        "postgresql://u:" + SECRET + "@h/       | names no database",
        "postgresql://u:" + SECRET + "@h/a/b    | single database name",
        "postgresql://u:" + SECRET + "@h:0/db   | port must be a number from 1 to 65535",
        "postgresql://u:" + SECRET + "@h:65536/db | port must be a number from 1 to 65535",
        "postgresql://u:" + SECRET + "@h:x/db   | port must be a number from 1 to 65535",
        "postgresql://u:" + SECRET + "/db       | port must be a number from 1 to 65535",
        "postgresql://u:" + SECRET + "@h1,h2/db | several hosts",
        "postgresql://u:" + SECRET + "@h/db#frag | fragment",
        "postgresql://u:%zz" + SECRET + "@h/db  | invalid %-escape in the password",
        "postgresql://u:" + SECRET + "@h/db?password=x | password twice",
        "postgresql://u:" + SECRET + "@h/db?user=v | user twice",
        "postgresql://u:" + SECRET + "@h/db?sslmode | parameter 'sslmode' has no value",
        "postgresql://u:" + SECRET + "@h/db?a=1&a=2 | parameter 'a' twice",
        "postgresql://u:" + SECRET + "@[::1/db  | malformed IPv6 host",
    })
    void malformed_locations_are_refused_with_a_one_line_reason_that_never_shows_the_password(String text, String reason) {
        var e = catchThrowableOfType(InvalidStoreUrlException.class, () -> StoreUrl.parse(text));
        assertThat(e).as(text).isNotNull();
        assertThat(e.code()).isEqualTo(StoreException.Code.INVALID_URL);
        assertThat(e.getMessage()).contains(reason).doesNotContain(SECRET).doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "postgresql://tp:p%40ss%3Aw%2Frd%20%2B*@db:5433/trust?sslmode=require",
        "postgresql://:only-password@db/trust",
        "postgresql://db/trust?password=x%26y",
        "postgresql://tp@db/trust",
        "sqlite:/abs/x.db",
        "sqlite",
    })
    void test_access_can_rebuild_a_parseable_location_for_child_processes(String text) {
        StoreUrl url = StoreUrl.parse(text);
        assertThat(StoreUrl.parse(TestAccess.unredacted(url))).isEqualTo(url);
    }

    @Test
    void null_is_refused_like_empty() {
        assertThatThrownBy(() -> StoreUrl.parse(null)).isInstanceOf(InvalidStoreUrlException.class)
                .hasMessageContaining("empty");
    }
}
