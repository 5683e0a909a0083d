package dev.trustplane.kms.release;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a release policy document into {@link Condition}s, refusing anything outside the grammar with the path
 * of the bad node. One instance per document (it counts conditions). The limits keep hostile input cheap: the
 * largest real policy we know (Azure's CVM policy, 51 regional authorities) is about 23 KB and 193 conditions.
 */
final class PolicyParser {
    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_AUTHORITIES = 256;
    static final int MAX_CONDITIONS = 2048;
    static final int MAX_DEPTH = 32;
    static final int MAX_CLAIM_LENGTH = 256;
    static final int MAX_AUTHORITY_LENGTH = 2048;
    static final int MAX_STRING_VALUE = 1024;
    static final String VERSION = "1.0.0";

    private static final String ALL = "allOf";
    private static final String ANY = "anyOf";
    private static final Set<String> ROOT_FIELDS = Set.of("version", ANY, ALL);
    private static final Set<String> AUTHORITY_FIELDS = Set.of("authority", ANY, ALL);
    private static final Set<String> LEGACY_FIELDS = Set.of("claim", "condition", "value");

    /**
     * Duplicate keys are refused: two readers taking different copies of {@code "equals"} is a classic policy
     * bypass. Floats are read as BigDecimal so that {@code 0.1} compares exactly. Nesting beyond what the grammar
     * cap allows is cut off by the tokenizer before any tree is built.
     */
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(2 * MAX_DEPTH + 8)
                            .maxNumberLength(100)
                            .maxStringLength(MAX_BYTES)
                            .maxNameLength(MAX_CLAIM_LENGTH)
                            .maxDocumentLength(MAX_BYTES)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private int conditions;

    static KeyReleasePolicy parse(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw invalid("$", "the policy is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw invalid("$", "not valid JSON" + where(e) + ": " + Texts.cap(plain(e.getOriginalMessage()), 160));
        } catch (NumberFormatException | ArithmeticException e) {
            // Jackson reports a number literal whose exponent BigDecimal cannot hold this way, not as JacksonException.
            throw invalid("$", "not valid JSON: a number is out of range");
        }
        if (root == null || !root.isObject()) {
            throw invalid("$", "the policy must be a JSON object");
        }
        return new PolicyParser().policy(root);
    }

    private KeyReleasePolicy policy(JsonNode root) {
        only(root, "$", ROOT_FIELDS);
        JsonNode version = root.get("version");
        if (version != null && !(version.isString() && version.stringValue().equals(VERSION))) {
            throw invalid("version", "unsupported policy version " + Scalars.display(version) + " (only \"" + VERSION + "\")");
        }
        boolean all = exactlyOne(root, "$", "the policy needs an 'anyOf' list of authorities");
        String listName = all ? ALL : ANY;
        JsonNode list = root.get(listName);
        if (!list.isArray() || list.isEmpty()) {
            throw invalid(listName, "must be a non-empty array of authority blocks");
        }
        if (list.size() > MAX_AUTHORITIES) {
            throw invalid(listName, "more than " + MAX_AUTHORITIES + " authority blocks");
        }
        List<Condition.Authority> blocks = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            blocks.add(authority(list.get(i), listName + "[" + i + "]"));
        }
        if (all) {
            // A token has one issuer, so allOf over different authorities could never pass: refuse it now.
            for (Condition.Authority b : blocks) {
                if (!b.normalised().equals(blocks.getFirst().normalised())) {
                    throw invalid(b.path() + ".authority", "a top-level allOf must name one authority in every block "
                            + "(a token has a single issuer); use anyOf to accept several authorities");
                }
            }
        }
        return new KeyReleasePolicy(all, blocks);
    }

    private Condition.Authority authority(JsonNode node, String path) {
        if (!node.isObject()) {
            throw invalid(path, "an authority block must be an object");
        }
        if (node.has("claim")) {
            throw invalid(path, "an authority block holds 'authority' and one 'allOf' or 'anyOf', not a claim");
        }
        only(node, path, AUTHORITY_FIELDS);
        JsonNode authority = node.get("authority");
        if (authority == null) {
            throw invalid(path, "missing 'authority'");
        }
        String issuer = text(authority, path + ".authority", MAX_AUTHORITY_LENGTH);
        if (issuer.isBlank() || issuer.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw invalid(path + ".authority", "must be a non-empty issuer without spaces or control characters");
        }
        boolean all = exactlyOne(node, path, "an authority block needs 'allOf' or 'anyOf'");
        String name = all ? ALL : ANY;
        Condition.Group group = group(node.get(name), path + "." + name, all, 1);
        return new Condition.Authority(path, issuer, Authorities.normalise(issuer), group);
    }

    private Condition condition(JsonNode node, String path, int depth) {
        if (!node.isObject()) {
            throw invalid(path, "a condition must be an object, found " + kind(node));
        }
        if (++conditions > MAX_CONDITIONS) {
            throw invalid(path, "more than " + MAX_CONDITIONS + " conditions in the policy");
        }
        boolean hasGroup = node.has(ALL) || node.has(ANY);
        if (node.has("claim")) {
            if (hasGroup) {
                throw invalid(path, "a condition is either a claim test or an allOf/anyOf group, not both");
            }
            return claim(node, path);
        }
        if (!hasGroup) {
            throw invalid(path, "a condition needs 'claim', 'allOf' or 'anyOf'"
                    + (node.has("authority") ? " (authority blocks belong at the top level)" : ""));
        }
        only(node, path, Set.of(ALL, ANY));
        boolean all = exactlyOne(node, path, "a group needs 'allOf' or 'anyOf'");
        String name = all ? ALL : ANY;
        return group(node.get(name), path + "." + name, all, depth + 1);
    }

    private Condition.Group group(JsonNode list, String path, boolean all, int depth) {
        if (depth > MAX_DEPTH) {
            throw invalid(path, "conditions are nested deeper than " + MAX_DEPTH + " levels");
        }
        if (!list.isArray() || list.isEmpty()) {
            throw invalid(path, "must be a non-empty array of conditions");
        }
        List<Condition> children = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            children.add(condition(list.get(i), path + "[" + i + "]", depth));
        }
        return new Condition.Group(path, all, List.copyOf(children));
    }

    private Condition.Claim claim(JsonNode node, String path) {
        String claim = text(node.get("claim"), path + ".claim", MAX_CLAIM_LENGTH);
        List<String> segments = claimSegments(claim, path + ".claim");
        if (node.has("condition") || node.has("value")) {
            return legacy(node, path, claim, segments);
        }
        Operator operator = null;
        for (String field : node.propertyNames()) {
            if (field.equals("claim")) {
                continue;
            }
            Operator op = Operator.fromWire(field).orElseThrow(() -> invalid(path, "unknown operator " + Texts.quoteName(field)
                    + " (expected one of " + Operator.NAMES + ")"));
            if (operator != null) {
                throw invalid(path, "a claim condition has exactly one operator, found '" + operator.wire() + "' and '"
                        + op.wire() + "'");
            }
            operator = op;
        }
        if (operator == null) {
            throw invalid(path, "a claim condition needs an operator: one of " + Operator.NAMES);
        }
        return operand(path, claim, segments, operator, node.get(operator.wire()), path + "." + operator.wire());
    }

    /** The 2020 dialect {@code {"claim", "condition": "equals", "value"}}; only equals was ever documented for it. */
    private Condition.Claim legacy(JsonNode node, String path, String claim, List<String> segments) {
        for (String field : node.propertyNames()) {
            if (!LEGACY_FIELDS.contains(field)) {
                throw invalid(path, Operator.fromWire(field).isPresent()
                        ? "mixes the legacy 'condition'/'value' form with the operator '" + field + "'"
                        : "unknown field " + Texts.quoteName(field) + " in a legacy {claim, condition, value} test");
            }
        }
        JsonNode condition = node.get("condition");
        JsonNode value = node.get("value");
        if (condition == null || value == null) {
            throw invalid(path, "the legacy form needs both 'condition' and 'value'");
        }
        String name = text(condition, path + ".condition", MAX_CLAIM_LENGTH);
        Optional<Operator> op = Operator.fromWire(name);
        if (op.isEmpty()) {
            throw invalid(path + ".condition", "unknown operator " + Texts.quoteName(name) + " (the legacy form supports only 'equals')");
        }
        if (op.get() != Operator.EQUALS) {
            throw invalid(path + ".condition", "the legacy form supports only 'equals'; write {\"claim\": …, \""
                    + op.get().wire() + "\": …} instead");
        }
        return operand(path, claim, segments, Operator.EQUALS, value, path + ".value");
    }

    private static Condition.Claim operand(String path, String claim, List<String> segments, Operator op, JsonNode value,
            String valuePath) {
        if (!Scalars.isScalar(value)) {
            throw invalid(valuePath, "the value must be a string, number or boolean, found " + kind(value));
        }
        if (value.isString() && value.stringValue().length() > MAX_STRING_VALUE) {
            throw invalid(valuePath, "string values are limited to " + MAX_STRING_VALUE + " characters");
        }
        BigDecimal number = null;
        boolean mustExist = false;
        if (op.ordering()) {
            number = Scalars.number(value).orElseThrow(() -> invalid(valuePath, "'" + op.wire()
                    + "' compares numbers; found " + Scalars.display(value)));
        } else if (op == Operator.EXISTS) {
            mustExist = Scalars.bool(value).orElseThrow(() -> invalid(valuePath, "'exists' takes true or false; found "
                    + Scalars.display(value)));
        }
        return new Condition.Claim(path, claim, segments, op, value, number, mustExist);
    }

    /** Dot notation into nested objects; array indexing is not part of the grammar, so brackets are refused. */
    private static List<String> claimSegments(String claim, String path) {
        if (claim.isEmpty()) {
            throw invalid(path, "the claim name is empty");
        }
        if (claim.chars().anyMatch(Character::isISOControl)) {
            throw invalid(path, "the claim name contains control characters");
        }
        if (claim.indexOf('[') >= 0 || claim.indexOf(']') >= 0) {
            throw invalid(path, "array indexing is not supported in claim names: " + Scalars.quote(claim));
        }
        List<String> segments = List.of(claim.split("\\.", -1));
        if (segments.stream().anyMatch(String::isEmpty)) {
            throw invalid(path, "empty segment in the dotted claim name " + Scalars.quote(claim));
        }
        return segments;
    }

    /** Which of allOf/anyOf the object holds: exactly one must be present. */
    private static boolean exactlyOne(JsonNode node, String path, String noneMessage) {
        boolean all = node.has(ALL);
        boolean any = node.has(ANY);
        if (all && any) {
            throw invalid(path, "'allOf' and 'anyOf' cannot both be present");
        }
        if (!all && !any) {
            throw invalid(path, noneMessage);
        }
        return all;
    }

    private static void only(JsonNode node, String path, Set<String> allowed) {
        for (String field : node.propertyNames()) {
            if (!allowed.contains(field)) {
                String hint = allowed.stream().filter(a -> a.equalsIgnoreCase(field)).findFirst()
                        .map(a -> " (did you mean '" + a + "'?)").orElse("");
                throw invalid(path, "unknown field " + Texts.quoteName(field) + hint);
            }
        }
    }

    private static String text(JsonNode node, String path, int maxLength) {
        if (node == null || !node.isString()) {
            throw invalid(path, "must be a string, found " + kind(node));
        }
        String s = node.stringValue();
        if (s.length() > maxLength) {
            throw invalid(path, "longer than " + maxLength + " characters");
        }
        return s;
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case NULL -> "null";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String where(JacksonException e) {
        var loc = e.getLocation();
        return loc == null || loc.getLineNr() < 1 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    /** Jackson's message without its source-location and binding details, which name internals, not input. */
    private static String plain(String s) {
        if (s == null) {
            return "unreadable input";
        }
        int end = s.length();
        for (String tail : List.of("\n", " (start marker", " [Source", " (bound as")) {
            int at = s.indexOf(tail);
            end = at >= 0 ? Math.min(end, at) : end;
        }
        return s.substring(0, end);
    }

    static InvalidReleasePolicyException invalid(String path, String problem) {
        return new InvalidReleasePolicyException(path, problem);
    }

}
