package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.kms.KeyCacheSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s key cache settings from flags, environment and config file, as every serve option. */
class KmsOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void the_cache_is_on_by_default_with_1024_versions_for_5_minutes() throws Exception {
        var cache = new KmsOptions().settings(null, CommonOptions.KEYS, Map.of()).keyCache();
        assertThat(cache).isEqualTo(KeyCacheSettings.defaults());
        assertThat(cache.maxEntries()).isEqualTo(1024);
        assertThat(cache.ttl()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void zero_size_or_zero_ttl_turns_it_off_from_flag_environment_or_file() throws Exception {
        var flag = new KmsOptions();
        flag.cacheSize = "0";
        assertThat(flag.settings(null, CommonOptions.KEYS, Map.of()).keyCache().enabled()).isFalse();

        var env = new KmsOptions().settings(null, CommonOptions.KEYS, Map.of("TRUSTPLANE_KEY_CACHE_TTL", "0")).keyCache();
        assertThat(env.enabled()).isFalse();

        Path config = tmp.resolve("trustplane.conf");
        Files.writeString(config, "key-cache-size = 16\nkey-cache-ttl = 90s\n");
        var file = new KmsOptions().settings(config, CommonOptions.KEYS, Map.of()).keyCache();
        assertThat(file).isEqualTo(new KeyCacheSettings(16, Duration.ofSeconds(90)));
    }

    @Test
    void malformed_or_out_of_range_values_are_usage_errors_naming_the_setting() {
        var words = new KmsOptions();
        words.cacheSize = "many";
        assertThatThrownBy(() -> words.settings(null, CommonOptions.KEYS, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("key-cache-size must be a whole number");
        var huge = new KmsOptions();
        huge.cacheTtl = "30d";
        assertThatThrownBy(() -> huge.settings(null, CommonOptions.KEYS, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("key cache TTL must be between 0 (off) and 24h");
        var negative = new KmsOptions();
        negative.cacheSize = "-1";
        assertThatThrownBy(() -> negative.settings(null, CommonOptions.KEYS, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("key cache size must be between 0 (off)");
    }

    @Test
    void the_key_state_cache_is_1s_by_default_and_set_like_every_serve_option() throws Exception {
        assertThat(new KmsOptions().settings(null, CommonOptions.KEYS, Map.of()).keyStateCache()).isEqualTo(Duration.ofSeconds(1));
        var flag = new KmsOptions();
        flag.stateCache = "0";
        assertThat(flag.settings(null, CommonOptions.KEYS, Map.of()).keyStateCache()).isZero();
        assertThat(new KmsOptions().settings(null, CommonOptions.KEYS, Map.of("TRUSTPLANE_KEY_STATE_CACHE", "250ms"))
                .keyStateCache()).isEqualTo(Duration.ofMillis(250));
        var tooLong = new KmsOptions();
        tooLong.stateCache = "1m";
        assertThatThrownBy(() -> tooLong.settings(null, CommonOptions.KEYS, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("key state cache must be between 0 (off) and 10s");
    }
}
