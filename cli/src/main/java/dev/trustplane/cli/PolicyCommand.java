package dev.trustplane.cli;

import dev.trustplane.attestation.AttestationPolicy;
import dev.trustplane.attestation.PolicyDecision;
import dev.trustplane.attestation.PolicyInput;
import dev.trustplane.attestation.PolicyParseException;
import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.server.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/**
 * {@code trustplane policy test POLICY EVIDENCE...}: evaluates an Azure Attestation policy against real
 * or simulated evidence, offline, and explains which rule permitted or denied and why — before the
 * policy is set on a server. Exit 0 permitted, 1 denied or not genuine, 2 bad policy or input.
 * When POLICY is an Azure Policy definition (JSON with a policyRule), {@code policy test} runs that
 * definition's example cases instead ({@link GovernanceTests}); {@code policy check} is the governance gate.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Work with attestation policies and Azure Policy (governance) definitions.",
        subcommands = {PolicyCommand.Test.class, PolicyCheckCommand.class})
final class PolicyCommand {

    @Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Evaluate an attestation policy against evidence and explain the decision.",
                "When POLICY is an Azure Policy definition JSON file, run its example cases instead: "
                        + "policy test DEFINITION.json CASES.json... (see docs/governance.md)."})
    static final class Test implements Callable<Integer> {
        private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

        @Parameters(index = "0", paramLabel = "POLICY",
                description = "Policy text file (MAA policy language 1.0-1.2), or an Azure Policy definition JSON file.")
        Path policyFile;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "EVIDENCE",
                description = "The evidence and its companions, as for trustplane verify (for a definition: its cases files).")
        List<Path> evidenceFiles;

        @Option(names = "--runtime-data", paramLabel = "FILE", description = "JSON runtime data (claims under x-ms-runtime).")
        Path runtimeData;

        @Mixin
        EvidenceOptions evidence = new EvidenceOptions();

        @Option(names = "--json", description = "Print the decision as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (GovernanceTests.isDefinition(policyFile)) {
                return GovernanceTests.run(policyFile, evidenceFiles);
            }
            AttestationPolicy policy = readPolicy();
            Map<String, Object> runtime = runtimeData == null ? Map.of() : readJson(runtimeData);
            AppraisalResult result = evidence.appraise(evidenceFiles);
            if (!result.genuine()) {
                System.out.println("DENIED: the evidence is not genuine, so no policy applies");
                VerifyCommand.print(result);
                return Main.NO;
            }
            PolicyDecision decision = policy.evaluate(PolicyInput.of(result, runtime, Map.of()));
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("permitted", decision.permitted());
                out.put("policyHash", policy.hash());
                out.put("issuedClaims", decision.issuedClaims());
                out.put("explanation", decision.explanation().render());
                System.out.println(Json.MAPPER.writeValueAsString(out));
            } else {
                System.out.println((decision.permitted() ? "PERMITTED" : "DENIED") + " by policy " + policyFile
                        + " (x-ms-policy-hash " + policy.hash() + ")");
                System.out.println(decision.explanation().render());
                if (decision.permitted()) {
                    System.out.println("issued claims:");
                    decision.issuedClaims().forEach((k, v) -> System.out.println("  " + k + " = " + v));
                }
            }
            return decision.permitted() ? Main.OK : Main.NO;
        }

        private AttestationPolicy readPolicy() throws UsageException {
            try {
                return AttestationPolicy.parse(Files.readString(policyFile, StandardCharsets.UTF_8));
            } catch (PolicyParseException e) {
                throw new UsageException("policy " + policyFile + ": " + e.getMessage());
            } catch (IOException e) {
                throw new UsageException("cannot read policy " + policyFile + ": " + e.getClass().getSimpleName());
            }
        }

        private static Map<String, Object> readJson(Path file) throws UsageException {
            try {
                return Json.MAPPER.readValue(EvidenceOptions.read(file).bytes(), MAP);
            } catch (JacksonException e) {
                throw new UsageException("--runtime-data " + file + " is not a JSON object");
            }
        }
    }
}
