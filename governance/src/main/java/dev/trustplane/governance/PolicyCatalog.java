package dev.trustplane.governance;

import dev.trustplane.governance.internal.JsonText;
import dev.trustplane.governance.internal.Values;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Where initiatives come from: the shipped {@code confidential-baseline}, or a user's policy definition,
 * policy set definition, or folder of them as Azure exports them. Set references resolve by the last
 * segment of {@code policyDefinitionId} (a built-in's GUID, a custom definition's name) against every
 * definition loaded from the same path and the shipped ones.
 */
public final class PolicyCatalog {
    public static final String CONFIDENTIAL_BASELINE = "confidential-baseline";

    private static final List<String> BASELINE_DEFINITIONS = List.of("tp-allowed-locations", "tp-allowed-resource-types",
            "tp-confidential-vm-skus", "tp-confidential-vm-security", "tp-confidential-os-disk-cmk",
            "tp-key-vault-protection", "tp-managed-hsm-protection", "tp-postgresql-confidential",
            "tp-paas-private-endpoint", "tp-paas-public-network", "tp-storage-cmk");

    private PolicyCatalog() {}

    /** The shipped confidential baseline initiative. */
    public static PolicySet confidentialBaseline() {
        try {
            Map<String, PolicyDefinition> defs = shippedDefinitions();
            String file = "baseline/" + CONFIDENTIAL_BASELINE + ".json";
            return PolicySet.parse(CONFIDENTIAL_BASELINE, resource(file), defs);
        } catch (GovernanceException e) {
            throw new IllegalStateException("the shipped confidential baseline is invalid: " + e.getMessage(), e);
        }
    }

    /** The shipped definitions by name. */
    public static Map<String, PolicyDefinition> shippedDefinitions() throws GovernanceException {
        Map<String, PolicyDefinition> defs = new LinkedHashMap<>();
        for (String n : BASELINE_DEFINITIONS) {
            defs.put(n, PolicyDefinition.parse("baseline/" + n + ".json", resource("baseline/" + n + ".json")));
        }
        return defs;
    }

    private static JsonNode resource(String name) throws GovernanceException {
        try (InputStream in = PolicyCatalog.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new GovernanceException(name, "", "missing from the classpath");
            }
            return JsonText.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new GovernanceException(name, "", "unreadable (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * {@code confidential-baseline}, or the sets found at {@code path}: a set file (its definitions are
     * looked up beside it, in sibling folders, and among the shipped ones), a definition file (a set of
     * one), or a folder (every set in it; when it holds no set, every definition as its own set).
     */
    public static List<PolicySet> load(String nameOrPath) throws GovernanceException {
        if (CONFIDENTIAL_BASELINE.equalsIgnoreCase(nameOrPath)) {
            return List.of(confidentialBaseline());
        }
        Path path = Path.of(nameOrPath);
        if (!Files.exists(path)) {
            throw new GovernanceException(nameOrPath, "", "no such initiative: neither '" + CONFIDENTIAL_BASELINE
                    + "' nor an existing file or folder");
        }
        List<Path> files = Files.isDirectory(path) ? jsonFiles(path, 3) : List.of(path);
        Map<String, PolicyDefinition> defs = new LinkedHashMap<>(shippedDefinitions());
        List<Map.Entry<Path, JsonNode>> sets = new ArrayList<>();
        List<PolicyDefinition> loose = new ArrayList<>();
        for (Path f : files) {
            JsonNode root = JsonText.read(f);
            if (PolicySet.looksLikeSet(root)) {
                sets.add(Map.entry(f, root));
            } else if (PolicyDefinition.looksLikeDefinition(root)) {
                PolicyDefinition d = PolicyDefinition.parse(f.toString(), root);
                defs.putIfAbsent(key(d, f), d);
                loose.add(d);
            } else {
                throw new GovernanceException(f.toString(), "", "neither a policy definition nor a policy set definition");
            }
        }
        if (!Files.isDirectory(path) && !sets.isEmpty()) {
            // A set file alone: its definitions are beside it or in a sibling folder (the built-ins' layout).
            for (Path f : neighbours(path)) {
                JsonNode root = readQuietly(f);
                if (root != null && PolicyDefinition.looksLikeDefinition(root)) {
                    PolicyDefinition d = PolicyDefinition.parse(f.toString(), root);
                    defs.putIfAbsent(key(d, f), d);
                }
            }
        }
        List<PolicySet> out = new ArrayList<>();
        for (Map.Entry<Path, JsonNode> s : sets) {
            out.add(PolicySet.parse(s.getKey().toString(), s.getValue(), defs));
        }
        if (out.isEmpty()) {
            loose.forEach(d -> out.add(PolicySet.of(d)));
        }
        if (out.isEmpty()) {
            throw new GovernanceException(nameOrPath, "", "holds no policy definition or set definition");
        }
        return out;
    }

    private static String key(PolicyDefinition d, Path f) {
        return Values.lower(d.name().equals(f.toString()) ? stem(f) : d.name());
    }

    /** JSON files in the set file's folder and in the folders beside it (one level). */
    private static List<Path> neighbours(Path setFile) throws GovernanceException {
        Path folder = setFile.toAbsolutePath().getParent();
        List<Path> out = new ArrayList<>(jsonFiles(folder, 1));
        Path up = folder.getParent();
        if (up != null) {
            try (Stream<Path> s = Files.list(up)) {
                for (Path sibling : s.filter(Files::isDirectory).filter(d -> !d.equals(folder)).sorted().toList()) {
                    out.addAll(jsonFiles(sibling, 1));
                }
            } catch (IOException e) {
                throw new GovernanceException(up.toString(), "", "cannot list the folder (" + e.getClass().getSimpleName() + ")");
            }
        }
        return out;
    }

    /** A neighbour that is not JSON or not a definition is simply not a candidate. */
    private static JsonNode readQuietly(Path f) {
        try {
            return JsonText.read(f);
        } catch (GovernanceException e) {
            return null;
        }
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".json") ? n.substring(0, n.length() - 5) : n;
    }

    private static List<Path> jsonFiles(Path dir, int depth) throws GovernanceException {
        try (Stream<Path> s = Files.walk(dir, depth)) {
            return s.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new GovernanceException(dir.toString(), "", "cannot list the folder (" + e.getClass().getSimpleName() + ")");
        }
    }
}
