package dev.trustplane.governance.report;

import dev.trustplane.governance.Finding;
import dev.trustplane.governance.internal.JsonText;
import dev.trustplane.governance.internal.Values;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders findings as text, JSON, SARIF 2.1.0 (for GitHub code scanning: one rule per policy reference,
 * results located at the line of the resource's declaration in the input file, paths relative to the
 * working directory) and JUnit XML (one test case per resource and policy).
 */
public final class Reports {
    private Reports() {}

    public static String text(List<Finding> findings, boolean failOnAudit, boolean explain) {
        StringBuilder sb = new StringBuilder();
        long compliant = 0;
        for (Finding f : findings) {
            if (f.outcome() == Finding.Outcome.COMPLIANT) {
                compliant++;
                if (explain) {
                    sb.append("PASS ").append(line(f)).append('\n').append(indent(f.explanation()));
                }
                continue;
            }
            String tag = f.outcome() == Finding.Outcome.NOT_EVALUATED_OFFLINE ? "SKIP"
                    : f.fails(failOnAudit) ? "FAIL" : "WARN";
            sb.append(tag).append(' ').append(line(f)).append('\n').append("     ").append(f.message()).append('\n');
            if (explain && f.explanation() != null) {
                sb.append(indent(f.explanation()));
            }
        }
        long failing = findings.stream().filter(f -> f.fails(failOnAudit)).count();
        long warnings = findings.stream().filter(f -> f.outcome() == Finding.Outcome.NON_COMPLIANT && !f.fails(failOnAudit)).count();
        sb.append(failing == 0 ? "COMPLIANT" : "NON-COMPLIANT").append(": ").append(failing).append(" blocking, ")
                .append(warnings).append(" audit, ").append(compliant).append(" compliant evaluations\n");
        return sb.toString();
    }

    private static String line(Finding f) {
        return "[" + f.effect().display() + "] " + f.referenceId() + " — " + f.resource().describe();
    }

    private static String indent(String tree) {
        if (tree == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String l : tree.split("\n")) {
            sb.append("     ").append(l).append('\n');
        }
        return sb.toString();
    }

    public static String json(List<Finding> findings, boolean failOnAudit) {
        ObjectNode root = Values.object();
        root.put("compliant", findings.stream().noneMatch(f -> f.fails(failOnAudit)));
        ArrayNode results = root.putArray("results");
        for (Finding f : findings) {
            ObjectNode r = results.addObject();
            r.put("policyDefinitionReferenceId", f.referenceId());
            r.put("policyDefinition", f.definition().name());
            r.put("effect", f.effect().display());
            r.put("outcome", f.outcome().name());
            r.put("blocking", f.fails(failOnAudit));
            r.put("resourceType", f.resource().type());
            r.put("resourceName", f.resource().name());
            r.put("file", f.resource().file());
            r.put("pointer", f.resource().pointer());
            r.put("message", f.message());
            if (f.explanation() != null) {
                r.put("explanation", f.explanation());
            }
        }
        return root.toPrettyString();
    }

    /** SARIF 2.1.0: non-compliant and not-evaluable findings only, as code scanning expects. */
    public static String sarif(List<Finding> findings, boolean failOnAudit, String version) {
        ObjectNode root = Values.object();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "Trustplane governance").put("semanticVersion", version);
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        ArrayNode results = run.putArray("results");
        Map<String, Map<String, Integer>> lines = new HashMap<>();
        for (Finding f : findings) {
            if (f.outcome() == Finding.Outcome.COMPLIANT) {
                continue;
            }
            Integer index = ruleIndex.get(f.referenceId());
            if (index == null) {
                index = rules.size();
                ruleIndex.put(f.referenceId(), index);
                ObjectNode rule = rules.addObject().put("id", f.referenceId());
                rule.put("name", ruleName(f.referenceId()));
                String display = f.definition().displayName() == null ? f.definition().name() : f.definition().displayName();
                rule.putObject("shortDescription").put("text", display);
                rule.putObject("fullDescription").put("text", display + " (policy definition " + f.definition().name() + ")");
                rule.putObject("defaultConfiguration").put("level", level(f, failOnAudit));
                rule.putObject("properties").putArray("tags").add("azure-policy").add("governance");
            }
            ObjectNode r = results.addObject();
            r.put("ruleId", f.referenceId()).put("ruleIndex", index).put("level", level(f, failOnAudit));
            r.putObject("message").put("text", f.message() + " — " + f.effect().display() + " on " + f.resource().type()
                    + " '" + f.resource().name() + "'");
            ObjectNode physical = r.putArray("locations").addObject().putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", uri(f.resource().file()));
            int line = lines.computeIfAbsent(f.resource().file(), Reports::linesOf).getOrDefault(f.resource().pointer(), 1);
            physical.putObject("region").put("startLine", line);
            r.putObject("partialFingerprints").put("trustplaneFinding/v1",
                    f.referenceId() + ":" + f.resource().type() + ":" + f.resource().name());
        }
        return root.toPrettyString();
    }

    private static String level(Finding f, boolean failOnAudit) {
        if (f.outcome() == Finding.Outcome.NOT_EVALUATED_OFFLINE) {
            return "note";
        }
        return f.fails(failOnAudit) ? "error" : "warning";
    }

    private static String ruleName(String referenceId) {
        String n = referenceId.replaceAll("[^A-Za-z0-9]+", " ").strip();
        StringBuilder sb = new StringBuilder();
        for (String w : n.split(" ")) {
            if (!w.isEmpty()) {
                sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
            }
        }
        return sb.isEmpty() ? "Policy" : sb.toString();
    }

    private static Map<String, Integer> linesOf(String file) {
        try {
            return JsonText.lines(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /** A relative, forward-slash URI when the file is under the working directory (what code scanning resolves). */
    static String uri(String file) {
        Path p = Path.of(file).toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        Path shown = p.startsWith(cwd) ? cwd.relativize(p) : p;
        return shown.toString().replace('\\', '/');
    }

    public static String junit(List<Finding> findings, boolean failOnAudit) {
        long failures = findings.stream().filter(f -> f.fails(failOnAudit)).count();
        long skipped = findings.stream().filter(f -> f.outcome() == Finding.Outcome.NOT_EVALUATED_OFFLINE).count();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuite name=\"trustplane-policy\" tests=\"").append(findings.size()).append("\" failures=\"")
                .append(failures).append("\" errors=\"0\" skipped=\"").append(skipped).append("\">\n");
        for (Finding f : findings) {
            sb.append("  <testcase classname=\"").append(xml(f.referenceId())).append("\" name=\"")
                    .append(xml(f.resource().type() + " " + f.resource().name())).append("\" file=\"")
                    .append(xml(uri(f.resource().file()))).append("\"");
            if (f.fails(failOnAudit)) {
                sb.append(">\n    <failure type=\"").append(f.effect().display()).append("\" message=\"").append(xml(f.message()))
                        .append("\">").append(xml(f.explanation() == null ? f.message() : f.explanation())).append("</failure>\n  </testcase>\n");
            } else if (f.outcome() == Finding.Outcome.NOT_EVALUATED_OFFLINE) {
                sb.append(">\n    <skipped message=\"").append(xml(f.message())).append("\"/>\n  </testcase>\n");
            } else if (f.outcome() == Finding.Outcome.NON_COMPLIANT) {
                sb.append(">\n    <system-out>").append(xml(f.effect().display() + ": " + f.message())).append("</system-out>\n  </testcase>\n");
            } else {
                sb.append("/>\n");
            }
        }
        return sb.append("</testsuite>\n").toString();
    }

    private static String xml(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
