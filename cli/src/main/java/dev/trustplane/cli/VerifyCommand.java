package dev.trustplane.cli;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import dev.trustplane.server.http.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trustplane verify FILE...}: appraises TEE evidence offline or with collateral from AMD KDS and Intel PCS,
 * and prints the verdict and claims. Exit 0 genuine, 1 not genuine, 2 bad usage or unreadable input.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Verify SEV-SNP, Azure confidential VM, TPM, Intel TDX or SGX evidence.")
final class VerifyCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "The evidence, plus any certificates/CRLs/AK/PCR/Intel collateral files for it (recognised by content).")
    List<Path> files;

    @Mixin
    EvidenceOptions evidence = new EvidenceOptions();

    @Option(names = "--json", description = "Print {\"genuine\",\"type\",\"reasons\",\"warnings\",\"claims\"} as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AppraisalResult result = evidence.appraise(files);
        if (json) {
            System.out.println(Json.MAPPER.writeValueAsString(toJson(result)));
        } else {
            print(result);
        }
        return result.genuine() ? Main.OK : Main.NO;
    }

    static Map<String, Object> toJson(AppraisalResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("genuine", result.genuine());
        out.put("type", result.evidenceType());
        out.put("reasons", result.reasons().stream().map(VerifyCommand::describe).toList());
        out.put("warnings", result.warnings().stream().map(VerifyCommand::describe).toList());
        out.put("claims", result.claims());
        return out;
    }

    static void print(AppraisalResult result) {
        System.out.println((result.genuine() ? "GENUINE" : "NOT GENUINE") + " (" + result.evidenceType() + ")");
        result.reasons().forEach(r -> System.out.println("  reason:  " + r.code() + ": " + r.detail()));
        result.warnings().forEach(r -> System.out.println("  warning: " + r.code() + ": " + r.detail()));
        System.out.println("claims:");
        result.claims().forEach((k, v) -> System.out.println("  " + k + " = " + v));
    }

    private static Map<String, String> describe(Reason reason) {
        return Map.of("code", reason.code().name(), "detail", reason.detail());
    }
}
