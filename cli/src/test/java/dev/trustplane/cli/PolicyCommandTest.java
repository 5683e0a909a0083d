package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trustplane policy test}: a policy's decision over simulated SNP evidence, explained. */
class PolicyCommandTest {
    private static final String NO_DEBUG = """
            version= 1.0;
            authorizationrules
            {
                [type=="x-ms-sevsnpvm-is-debuggable", value==true] => deny();
                [type=="x-ms-sevsnpvm-bootloader-svn", value>=3] => permit();
            };
            issuancerules
            {
                c:[type=="x-ms-sevsnpvm-launchmeasurement"] => issue(type="measurement", value=c.value);
            };
            """;

    @TempDir
    Path tmp;

    private String[] evidence(boolean debug) {
        Path out = tmp.resolve(debug ? "debug" : "clean");
        var args = debug ? new String[] {"sim", "snp", "--debug", "--out", out.toString()}
                : new String[] {"sim", "snp", "--out", out.toString()};
        assertThat(CliRun.of(args).exitCode()).isZero();
        return new String[] {out.resolve("report.bin").toString(), out.resolve("vcek.pem").toString(),
            out.resolve("cert_chain.pem").toString()};
    }

    private CliRun test(Path policy, String[] evidence) {
        String[] args = new String[evidence.length + 8];
        args[0] = "policy";
        args[1] = "test";
        args[2] = policy.toString();
        System.arraycopy(evidence, 0, args, 3, evidence.length);
        int i = 3 + evidence.length;
        args[i++] = "--trust";
        args[i++] = "simulated";
        args[i++] = "--offline";
        args[i++] = "--data-dir";
        args[i] = tmp.resolve("data").toString();
        return CliRun.of(args);
    }

    @Test
    void permits_clean_evidence_and_explains_denial_of_debuggable_evidence() throws Exception {
        Path policy = Files.writeString(tmp.resolve("policy.txt"), NO_DEBUG);
        CliRun permitted = test(policy, evidence(false));
        assertThat(permitted.exitCode()).as(permitted.out() + permitted.err()).isZero();
        assertThat(permitted.out()).startsWith("PERMITTED").contains("measurement = ");

        CliRun denied = test(policy, evidence(true));
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.out()).startsWith("DENIED").contains("line 4");
    }

    @Test
    void a_policy_that_does_not_parse_is_exit_2_with_line_and_column() throws Exception {
        Path policy = Files.writeString(tmp.resolve("bad.txt"), "version=1.0;\nauthorizationrules { => permit( };");
        CliRun run = test(policy, evidence(false));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("line 2, column");
    }
}
