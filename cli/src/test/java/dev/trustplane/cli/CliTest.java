package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process: exit codes, one-line errors, offline token management. */
class CliTest {
    @TempDir
    Path tmp;

    private CliRun last;

    private int run(String... args) {
        last = CliRun.of(args);
        return last.exitCode();
    }

    private String stdout() {
        return last.out();
    }

    private String stderr() {
        return last.err();
    }

    @Test
    void version_prints_the_product_version() {
        assertThat(run("version")).isZero();
        assertThat(stdout()).startsWith("trustplane 0.1.0 (Java ");
    }

    @Test
    void unknown_flag_is_one_line_and_exit_2() {
        assertThat(run("serve", "--bogus")).isEqualTo(2);
        assertThat(stderr()).startsWith("trustplane: Unknown option: '--bogus'");
        assertThat(stderr().lines().count()).isEqualTo(1);
    }

    @Test
    void bad_listen_address_is_exit_2() {
        assertThat(run("serve", "--listen", "localhost", "--data-dir", tmp.resolve("d").toString())).isEqualTo(2);
        assertThat(stderr()).contains("must be HOST:PORT");
        assertThat(tmp.resolve("d")).doesNotExist();
    }

    @Test
    void unknown_config_key_is_named() throws Exception {
        Path config = tmp.resolve("trustplane.conf");
        Files.writeString(config, "listen = 127.0.0.1:0\nlisten-adress = oops\n");
        assertThat(run("serve", "--config", config.toString(), "--data-dir", tmp.resolve("d").toString())).isEqualTo(2);
        assertThat(stderr()).contains("unknown key 'listen-adress'").contains(config.toString());
    }

    @Test
    void unparseable_store_url_is_exit_2_without_writing() {
        Path dir = tmp.resolve("d");
        assertThat(run("serve", "--data-dir", dir.toString(), "--store", "postgresql://u:hunter2@/db", "--listen",
                "127.0.0.1:0")).isEqualTo(2);
        assertThat(stderr()).startsWith("trustplane: ").doesNotContain("hunter2");
        assertThat(dir).doesNotExist();
    }

    @Test
    void a_malformed_master_key_setting_is_exit_2_without_writing() throws Exception {
        Path dir = tmp.resolve("d");
        assertThat(run("serve", "--data-dir", dir.toString(), "--listen", "127.0.0.1:0", "--master-key", "hsm")).isEqualTo(2);
        assertThat(stderr()).contains("master-key must be 'file' or 'pkcs11:...'");
        assertThat(run("serve", "--data-dir", dir.toString(), "--listen", "127.0.0.1:0", "--master-key",
                "pkcs11:library=/usr/lib/softhsm/libsofthsm2.so,slot-index=0,pin=1234")).isEqualTo(2);
        assertThat(stderr()).contains("pkcs11 setting 'pin' is not one of").doesNotContain("1234");
        Path config = tmp.resolve("trustplane.conf");
        Files.writeString(config, "master-key = pkcs11:library=/l.so,slot=1\n");
        assertThat(run("serve", "--config", config.toString(), "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(stderr()).contains("exactly one of pin-file or pin-env");
        assertThat(dir).doesNotExist();
    }

    @Test
    void offline_tokens_create_list_revoke() {
        String dir = tmp.resolve("data").toString();
        assertThat(run("token", "list", "--data-dir", dir)).isEqualTo(2);
        assertThat(stderr()).contains("does not exist");
        tmp.resolve("data").toFile().mkdirs();

        assertThat(run("token", "create", "--role", "Administrator", "--name", "carol", "--ttl", "2h", "--data-dir", dir))
                .isZero();
        String token = stdout().trim();
        assertThat(token).matches("tp1\\.[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}");
        String id = token.split("\\.")[1];
        assertThat(stderr()).contains("Created token " + id).doesNotContain(token);

        assertThat(run("token", "list", "--data-dir", dir)).isZero();
        assertThat(stdout()).contains(id).contains("carol").contains("active").doesNotContain(token);

        assertThat(run("token", "revoke", id, "--data-dir", dir)).isZero();
        assertThat(run("token", "list", "--json", "--data-dir", dir)).isZero();
        assertThat(stdout()).contains("\"revoked\":\"");
    }

    @Test
    void token_errors_are_exit_2() {
        String dir = tmp.resolve("data").toString();
        tmp.resolve("data").toFile().mkdirs();
        assertThat(run("token", "create", "--role", "Wizard", "--data-dir", dir)).isEqualTo(2);
        assertThat(stderr()).contains("unknown role 'Wizard'").contains("Administrator");
        assertThat(run("token", "create", "--role", "Administrator", "--ttl", "soon", "--data-dir", dir)).isEqualTo(2);
        assertThat(run("token", "revoke", "../../etc", "--data-dir", dir)).isEqualTo(2);
        assertThat(run("token", "revoke", "0123456789abcdef", "--data-dir", dir)).isEqualTo(2);
        assertThat(stderr()).contains("no token with id");
    }

    @Test
    void environment_and_config_file_precedence() throws Exception {
        Path config = tmp.resolve("c.conf");
        Files.writeString(config, "listen = 127.0.0.1:9000\ndata-dir = /from/file\n");
        var common = new CommonOptions();
        common.config = config;
        var fromFile = common.toServerConfig(null, null, null, null, null, java.util.Map.of());
        assertThat(fromFile.port()).isEqualTo(9000);
        assertThat(fromFile.dataDir()).isEqualTo(Path.of("/from/file"));
        var fromEnv = common.toServerConfig(null, null, null, null, null,
                java.util.Map.of("TRUSTPLANE_LISTEN", "127.0.0.1:9001"));
        assertThat(fromEnv.port()).isEqualTo(9001);
        var fromFlag = common.toServerConfig("127.0.0.1:9002", null, null, "64KiB", null,
                java.util.Map.of("TRUSTPLANE_LISTEN", "127.0.0.1:9001"));
        assertThat(fromFlag.port()).isEqualTo(9002);
        assertThat(fromFlag.maxBodyBytes()).isEqualTo(64 * 1024);
    }

    @Test
    void ledger_reads_are_public_unless_configured_authenticated() throws Exception {
        var common = new CommonOptions();
        assertThat(common.toServerConfig(null, null, null, null, null, java.util.Map.of()).ledgerPublicReads()).isTrue();
        Path config = tmp.resolve("reads.conf");
        Files.writeString(config, "ledger-reads = authenticated\n");
        common.config = config;
        assertThat(common.toServerConfig(null, null, null, null, null, null, null, null, java.util.Map.of()).ledgerPublicReads()).isFalse();
        assertThat(common.toServerConfig(null, null, null, null, null, null, null, "public",
                java.util.Map.of()).ledgerPublicReads()).isTrue();
        common.config = null;
        assertThat(common.toServerConfig(null, null, null, null, null, null, null, null,
                java.util.Map.of("TRUSTPLANE_LEDGER_READS", "authenticated")).ledgerPublicReads()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> common.toServerConfig(null, null, null, null, null, null, null,
                "anyone", java.util.Map.of())).isInstanceOf(UsageException.class).hasMessageContaining("ledger-reads");
    }
}
