package dev.trustplane.cli;

import dev.trustplane.governance.AliasTable;
import dev.trustplane.governance.DefinitionTests;
import dev.trustplane.governance.GovernanceException;
import dev.trustplane.governance.PolicyDefinition;
import dev.trustplane.server.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** {@code trustplane policy test DEFINITION.json CASES.json...}: an Azure Policy definition's example cases. */
final class GovernanceTests {
    private GovernanceTests() {}

    /** Whether the file is an Azure Policy definition (JSON with a policyRule) rather than an attestation policy. */
    static boolean isDefinition(Path file) {
        try {
            String text = Files.readString(file);
            if (!text.stripLeading().startsWith("{")) {
                return false;
            }
            JsonNode root = Json.MAPPER.readTree(text);
            return PolicyDefinition.looksLikeDefinition(root);
        } catch (IOException | JacksonException e) {
            return false;
        }
    }

    static int run(Path definition, List<Path> caseFiles) throws UsageException {
        List<DefinitionTests.Result> results;
        try {
            results = DefinitionTests.run(definition, caseFiles, AliasTable.builtIn(), Instant.now());
        } catch (GovernanceException e) {
            throw new UsageException(e.getMessage());
        }
        int failed = 0;
        for (DefinitionTests.Result r : results) {
            System.out.println((r.passed() ? "ok   " : "FAIL ") + r.name() + ": expected " + r.expected() + ", got " + r.actual());
            if (!r.passed()) {
                failed++;
                if (r.explanation() != null) {
                    r.explanation().lines().forEach(l -> System.out.println("       " + l));
                }
            }
        }
        System.out.println(results.size() - failed + " of " + results.size() + " cases passed");
        return failed == 0 ? Main.OK : Main.NO;
    }
}
