package dev.trustplane.cli;

import dev.trustplane.governance.AliasTable;
import dev.trustplane.governance.Evaluator;
import dev.trustplane.governance.Finding;
import dev.trustplane.governance.GovernanceException;
import dev.trustplane.governance.PolicyCatalog;
import dev.trustplane.governance.PolicySet;
import dev.trustplane.governance.Resource;
import dev.trustplane.governance.input.Inputs;
import dev.trustplane.governance.report.Reports;
import dev.trustplane.server.http.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code trustplane policy check FILE...}: the governance gate. Evaluates an initiative (the shipped
 * confidential-baseline, or Azure Policy JSON) over ARM templates, Bicep's compiled JSON, Terraform plans
 * and exported resources, offline. Exit 0 compliant, 1 a Deny/DenyAction policy is violated (or any
 * Audit/AuditIfNotExists finding with --fail-on audit), 2 input error.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate Azure Policy definitions or initiatives over infrastructure-as-code, offline.",
            "FILE: ARM template (+ parameter files), Bicep compiled JSON (az bicep build), Terraform plan "
                    + "(terraform show -json), or az resource show/list output.",
            "Exit codes: 0 compliant, 1 a Deny/DenyAction policy is violated, 2 input error."})
final class PolicyCheckCommand implements Callable<Integer> {
    enum Format { text, json, sarif, junit }

    enum FailOn { deny, audit }

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Input files; together they form one deployment.")
    List<Path> files;

    @Option(names = "--initiative", paramLabel = "NAME|PATH", defaultValue = PolicyCatalog.CONFIDENTIAL_BASELINE,
            description = "confidential-baseline (default), or a policy (set) definition JSON file or a folder of them.")
    String initiative;

    @Option(names = "--param", paramLabel = "NAME=JSON", description = "An initiative parameter, e.g. "
            + "--param listOfAllowedLocations='[\"westeurope\"]'. A bare word is taken as a string.")
    List<String> params = new ArrayList<>();

    @Option(names = "--format", defaultValue = "text", description = "text (default), json, sarif or junit.")
    Format format;

    @Option(names = "--explain", description = "Show, per resource and policy, the condition tree with each node's value.")
    boolean explain;

    @Option(names = "--fail-on", defaultValue = "deny", paramLabel = "deny|audit",
            description = "deny (default): only Deny/DenyAction violations fail; audit: Audit/AuditIfNotExists fail too.")
    FailOn failOn;

    @Option(names = "--aliases", paramLabel = "FILE",
            description = "A full alias dump (az provider list --expand resourceTypes/aliases) merged over the shipped table.")
    Path aliases;

    @Option(names = "--resource-group-location", paramLabel = "REGION",
            description = "What resourceGroup().location returns in templates (unknown offline otherwise).")
    String resourceGroupLocation;

    @Override
    public Integer call() throws Exception {
        boolean failOnAudit = failOn == FailOn.audit;
        List<Finding> findings = new ArrayList<>();
        try {
            AliasTable table = aliases == null ? AliasTable.builtIn() : AliasTable.load(aliases);
            Instant now = Instant.now();
            List<Resource> resources = Inputs.load(files, now, resourceGroupLocation);
            Evaluator evaluator = new Evaluator(table, now, explain);
            for (PolicySet set : PolicyCatalog.load(initiative)) {
                findings.addAll(evaluator.evaluate(set, parameters(set), resources));
            }
        } catch (GovernanceException e) {
            throw new UsageException(e.getMessage());
        }
        System.out.print(switch (format) {
            case text -> Reports.text(findings, failOnAudit, explain);
            case json -> Reports.json(findings, failOnAudit) + "\n";
            case sarif -> Reports.sarif(findings, failOnAudit, Main.version()) + "\n";
            case junit -> Reports.junit(findings, failOnAudit);
        });
        return findings.stream().anyMatch(f -> f.fails(failOnAudit)) ? Main.NO : Main.OK;
    }

    /** The --param values the set declares; one naming no parameter of any loaded set is a usage error. */
    private Map<String, JsonNode> parameters(PolicySet set) throws UsageException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--param takes NAME=JSON, got '" + p + "'");
            }
            String name = p.substring(0, eq);
            String value = p.substring(eq + 1);
            if (set.parameters().stream().noneMatch(x -> x.name().equalsIgnoreCase(name))) {
                throw new UsageException("--param " + name + ": initiative " + set.name() + " has no such parameter (it has "
                        + set.parameters().stream().map(x -> x.name()).toList() + ")");
            }
            out.put(name, json(name, value));
        }
        return out;
    }

    private static JsonNode json(String name, String value) throws UsageException {
        try {
            return Json.MAPPER.readTree(value);
        } catch (JacksonException e) {
            if (value.matches("[A-Za-z0-9_.\\-]+")) {
                return Json.MAPPER.getNodeFactory().stringNode(value);
            }
            throw new UsageException("--param " + name + ": not valid JSON");
        }
    }
}
