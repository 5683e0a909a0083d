package dev.trustplane.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.trustplane.governance.input.Inputs;
import dev.trustplane.governance.internal.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile input for the gate: seeded mutations of every input fixture and of every shipped policy definition.
 * The property: loading and evaluating either works or fails with a {@link GovernanceException} (which names
 * file, JSON path and reason); never another exception, never a hang. Mutations are structural (a node replaced
 * by another JSON value or by a broken template expression), since byte flips mostly stop at the JSON parser,
 * plus some byte-level damage for the parser itself. Fixed seeds, so a failure reproduces.
 */
class HostileInputMutationTest {
    private static final int MUTATIONS_PER_FILE = 150;
    private static final Map<String, JsonNode> WESTEUROPE = Map.of("listOfAllowedLocations", Rules.json("[\"westeurope\"]"));
    /** Values for the shipped definitions' parameters that have no default. */
    private static final Map<String, JsonNode> DEFINITION_PARAMETERS = Map.of(
            "listOfAllowedLocations", Rules.json("[\"westeurope\"]"),
            "allowedVirtualMachineSKUs", Rules.json("[\"Standard_DC2as_v5\"]"),
            "allowedResourceTypes", Rules.json("[\"Microsoft.Compute/virtualMachines\"]"));
    private static final String[] EXPRESSIONS = {
        "[", "[]", "[concat(", "[concat('a', 1, [parameters('x')])]", "[parameters('nope')]", "[variables('nope')]",
        "[copyIndex()]", "[copyIndex('nope', -5)]", "[if(true())]", "[field('nope')]", "[div(1, 0)]", "[mod(1, 0)]",
        "[substring('abc', 5, 9)]", "[split('a', '')]", "[range(0, 100000000)]", "[json('{')]", "[padLeft('a', -1, 'x')]",
        "[take(createArray(1,2), -3)]", "[length(null())]", "[format('{0}{1}', 'a')]", "[resourceId()]",
        "[reference('x').id]", "[[escaped]", "[utcNow('nope')]", "[addDays('not-a-date', 1)]", "[int('x')]",
        "[current('nope')]", "[intersection(1, 'a')]", "'unbalanced", "[toLower(createObject('a', 1))]",
    };

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"arm/confidential-compliant.json", "arm/confidential-noncompliant.json",
            "arm/noncompliant.parameters.json", "bicep/main.json", "terraform/plan.json", "exported/resources.json"})
    void mutated_inputs_fail_only_with_governance_errors(String fixture) throws Exception {
        Path original = BaselineFixturesTest.fixture(fixture);
        List<Path> companions = fixture.startsWith("arm/confidential-noncompliant")
                ? List.of(BaselineFixturesTest.fixture("arm/noncompliant.parameters.json")) : List.of();
        Random random = new Random(fixture.hashCode());
        String text = Files.readString(original);
        int loaded = 0;
        for (int i = 0; i < MUTATIONS_PER_FILE; i++) {
            Path mutated = write("input-" + i + ".json", mutate(text, random));
            List<Path> files = new ArrayList<>(List.of(mutated));
            files.addAll(companions);
            try {
                List<Resource> resources = Inputs.load(files, Rules.NOW, "westeurope");
                new Evaluator(AliasTable.builtIn(), Rules.NOW, true)
                        .evaluate(PolicyCatalog.confidentialBaseline(), WESTEUROPE, resources);
                loaded++;
            } catch (GovernanceException e) {
                assertThat(e.getMessage()).as("a governance error names what is wrong").isNotBlank();
            } catch (RuntimeException | StackOverflowError e) {
                fail("mutation " + i + " of " + fixture + " threw " + e + "\n" + Files.readString(mutated), e);
            }
        }
        assertThat(loaded).as("some mutations keep the input valid, so evaluation itself is exercised").isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tp-allowed-locations.json", "tp-allowed-resource-types.json", "tp-confidential-os-disk-cmk.json",
            "tp-confidential-vm-security.json", "tp-confidential-vm-skus.json", "tp-key-vault-protection.json",
            "tp-managed-hsm-protection.json", "tp-paas-private-endpoint.json", "tp-paas-public-network.json"})
    void mutated_definitions_fail_only_with_governance_errors(String definition) throws Exception {
        String text;
        try (var in = PolicyCatalog.class.getResourceAsStream("baseline/" + definition)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Resource> deployment = Inputs.load(List.of(BaselineFixturesTest.fixture("arm/confidential-noncompliant.json"),
                BaselineFixturesTest.fixture("arm/noncompliant.parameters.json")), Rules.NOW, "westeurope");
        Random random = new Random(definition.hashCode());
        PolicyDefinition unmutated = PolicyDefinition.parse(definition, JsonText.parse(definition, text));
        new Evaluator(AliasTable.builtIn(), Rules.NOW, true).evaluate(PolicySet.of(unmutated),
                parametersOf(unmutated), deployment);
        int evaluated = 0;
        String lastError = "";
        for (int i = 0; i < MUTATIONS_PER_FILE; i++) {
            String mutated = mutate(text, random);
            try {
                PolicyDefinition d = PolicyDefinition.parse(definition, JsonText.parse(definition, mutated));
                new Evaluator(AliasTable.builtIn(), Rules.NOW, true).evaluate(PolicySet.of(d), parametersOf(d), deployment);
                evaluated++;
            } catch (GovernanceException e) {
                assertThat(e.getMessage()).isNotBlank();
                lastError = e.getMessage();
            } catch (RuntimeException | StackOverflowError e) {
                fail("mutation " + i + " of " + definition + " threw " + e + "\n" + mutated, e);
            }
        }
        assertThat(evaluated).as("mutations that still evaluate; the last error: %s", lastError).isPositive();
    }

    private static Map<String, JsonNode> parametersOf(PolicyDefinition d) {
        Map<String, JsonNode> params = new java.util.HashMap<>();
        DEFINITION_PARAMETERS.forEach((name, value) -> {
            if (d.parameterNames().stream().anyMatch(name::equalsIgnoreCase)) {
                params.put(name, value);
            }
        });
        return params;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** One structural mutation of the JSON tree (most of the time), else byte-level damage. */
    private static String mutate(String text, Random random) throws GovernanceException {
        if (random.nextInt(5) == 0) {
            return damage(text, random);
        }
        JsonNode root = JsonText.parse("fixture", text);
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        JsonNode replacement = randomValue(random);
        if (target instanceof ObjectNode object && !object.isEmpty()) {
            List<String> names = new ArrayList<>(object.propertyNames());
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(3)) {
                case 0 -> object.remove(name);
                default -> object.set(name, replacement);
            }
        } else if (target instanceof ArrayNode array && !array.isEmpty()) {
            int index = random.nextInt(array.size());
            switch (random.nextInt(3)) {
                case 0 -> array.remove(index);
                case 1 -> array.add(array.get(index).deepCopy());
                default -> array.set(index, replacement);
            }
        }
        return root.toString();
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainer()) {
            out.add(node);
            node.values().forEach(child -> collect(child, out));
        }
    }

    private static JsonNode randomValue(Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(9)) {
            case 0 -> f.nullNode();
            case 1 -> f.numberNode(random.nextBoolean() ? -1 : Long.MAX_VALUE);
            case 2 -> f.booleanNode(random.nextBoolean());
            case 3 -> f.objectNode();
            case 4 -> f.arrayNode();
            case 5 -> {
                ArrayNode deep = f.arrayNode();
                ArrayNode at = deep;
                for (int i = 0; i < 200; i++) {
                    at = at.addArray();
                }
                yield deep;
            }
            case 6 -> f.stringNode("");
            default -> f.stringNode(EXPRESSIONS[random.nextInt(EXPRESSIONS.length)]);
        };
    }

    private static String damage(String text, Random random) {
        int at = random.nextInt(text.length());
        return switch (random.nextInt(3)) {
            case 0 -> text.substring(0, at);
            case 1 -> text.substring(0, at) + (char) random.nextInt(128) + text.substring(at + 1);
            default -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(40)));
        };
    }
}
