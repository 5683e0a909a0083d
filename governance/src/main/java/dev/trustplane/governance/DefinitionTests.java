package dev.trustplane.governance;

import dev.trustplane.governance.internal.JsonText;
import dev.trustplane.governance.internal.Values;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A definition's own example cases ({@code trustplane policy test DEFINITION.json CASES.json...}). A cases
 * file is {@code {"parameters": {name: value}, "cases": [{"name", "expect": "NonCompliant"|"Compliant",
 * "apiVersion"?, "resources": [evaluated resource, related resources...]}]}}; the first resource of a case
 * is the one judged, the others are the deployment it sits in (for AuditIfNotExists/DeployIfNotExists).
 */
public final class DefinitionTests {
    /** One case's result. */
    public record Result(String file, String name, String expected, String actual, String explanation) {
        public boolean passed() {
            return expected.equalsIgnoreCase(actual);
        }
    }

    private DefinitionTests() {}

    public static List<Result> run(Path definition, List<Path> caseFiles, AliasTable aliases, Instant now)
            throws GovernanceException {
        PolicyDefinition d = PolicyDefinition.parse(definition.toString(), JsonText.read(definition));
        List<Result> out = new ArrayList<>();
        for (Path file : caseFiles) {
            JsonNode root = JsonText.read(file);
            Map<String, JsonNode> params = new LinkedHashMap<>();
            root.path("parameters").properties().forEach(e -> params.put(e.getKey(), e.getValue()));
            JsonNode cases = root.get("cases");
            if (cases == null || !cases.isArray()) {
                throw new GovernanceException(file.toString(), "/cases", "a cases file holds a 'cases' array");
            }
            int i = 0;
            for (JsonNode c : cases) {
                String ptr = "/cases/" + i++;
                String name = Values.text(c.get("name")) == null ? ptr : Values.text(c.get("name"));
                String expect = Values.text(c.get("expect"));
                JsonNode resources = c.get("resources");
                if (expect == null || !(expect.equalsIgnoreCase("Compliant") || expect.equalsIgnoreCase("NonCompliant"))) {
                    throw new GovernanceException(file.toString(), ptr + "/expect", "expect is Compliant or NonCompliant");
                }
                if (resources == null || !resources.isArray() || resources.isEmpty()) {
                    throw new GovernanceException(file.toString(), ptr + "/resources", "a case needs at least one resource");
                }
                List<Resource> deployment = new ArrayList<>();
                int r = 0;
                for (JsonNode res : resources) {
                    deployment.add(new Resource(res, Values.text(c.get("apiVersion")), file.toString(), ptr + "/resources/" + r++));
                }
                Finding f = new Evaluator(aliases, now, true).evaluate(PolicySet.of(d), params, deployment).stream()
                        .filter(x -> x.resource() == deployment.getFirst()).findFirst().orElse(null);
                String actual = f != null && f.outcome() == Finding.Outcome.NON_COMPLIANT ? "NonCompliant" : "Compliant";
                out.add(new Result(file.toString(), name, expect, actual, f == null ? "not evaluated (mode or effect Disabled)"
                        : f.explanation()));
            }
        }
        return out;
    }
}
