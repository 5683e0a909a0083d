package dev.trustplane.governance.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Evaluates a policy rule's {@code if} tree (and {@code existenceCondition}s): {@code allOf},
 * {@code anyOf}, {@code not}, and conditions on a {@code field}, a {@code value} or a {@code count}.
 * A field condition on a {@code [*]} alias holds when it holds for every element (vacuously for none), as
 * Azure evaluates it. Errors carry the JSON pointer of the condition at fault.
 */
public final class Conditions {
    private Conditions() {}

    /** Evaluates {@code node} at {@code pointer}; {@code trace} may be null when no explanation is wanted. */
    public static boolean eval(JsonNode node, String pointer, RuleContext ctx, Trace trace) {
        try {
            return evalNode(node, pointer, ctx, trace);
        } catch (EvalError e) {
            throw e.jsonPath() == null ? new EvalError(pointer, e.getMessage()) : e;
        }
    }

    private static boolean evalNode(JsonNode node, String ptr, RuleContext ctx, Trace trace) {
        if (node == null || !node.isObject()) {
            throw new EvalError(ptr, "a condition must be an object");
        }
        JsonNode allOf = Values.getIgnoreCase(node, "allOf");
        JsonNode anyOf = Values.getIgnoreCase(node, "anyOf");
        JsonNode not = Values.getIgnoreCase(node, "not");
        if (allOf != null || anyOf != null) {
            boolean all = allOf != null;
            JsonNode list = all ? allOf : anyOf;
            String key = all ? "allOf" : "anyOf";
            if (node.size() != 1 || !list.isArray()) {
                throw new EvalError(ptr, "'" + key + "' must be the only key and hold an array");
            }
            Trace t = trace == null ? null : trace.child(key);
            int i = 0;
            for (JsonNode c : list) {
                boolean r = eval(c, ptr + "/" + key + "/" + i++, ctx, t);
                if (r != all) {
                    return set(t, !all);
                }
            }
            return set(t, all);
        }
        if (not != null) {
            if (node.size() != 1) {
                throw new EvalError(ptr, "'not' must be the only key");
            }
            Trace t = trace == null ? null : trace.child("not");
            return set(t, !eval(not, ptr + "/not", ctx, t));
        }
        return condition(node, ptr, ctx, trace);
    }

    private static boolean condition(JsonNode node, String ptr, RuleContext ctx, Trace trace) {
        String operandKey = null;
        String op = null;
        String opKey = null;
        JsonNode expected = null;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String k = Values.lower(e.getKey());
            if (k.equals("field") || k.equals("value") || k.equals("count")) {
                if (operandKey != null) {
                    throw new EvalError(ptr, "a condition has one of 'field', 'value' or 'count'");
                }
                operandKey = k;
            } else if (Operators.NAMES.contains(k)) {
                if (op != null) {
                    throw new EvalError(ptr, "a condition has exactly one operator, found '" + op + "' and '" + e.getKey() + "'");
                }
                op = k;
                opKey = e.getKey();
                expected = e.getValue();
            } else {
                throw new EvalError(ptr + "/" + JsonText.escape(e.getKey()), "unknown condition key '" + e.getKey() + "'");
            }
        }
        if (operandKey == null || op == null) {
            throw new EvalError(ptr, "a condition needs 'field', 'value' or 'count' and one operator");
        }
        JsonNode expectedValue = template(expected, ctx, ptr + "/" + opKey);
        JsonNode operand = Values.getIgnoreCase(node, operandKey);
        switch (operandKey) {
            case "field": {
                if (!operand.isString()) {
                    throw new EvalError(ptr + "/field", "'field' must be a string");
                }
                String field = Functions.evalString(operand.stringValue(), ctx).asString();
                RuleContext.FieldValue v;
                try {
                    v = ctx.field(field);
                } catch (EvalError e) {
                    throw new EvalError(ptr + "/field", e.getMessage());
                }
                boolean r = true;
                for (JsonNode actual : v.values()) {
                    if (!Operators.apply(op, actual, expectedValue)) {
                        r = false;
                        break;
                    }
                }
                if (trace != null) {
                    trace.child("field '" + field + "' = " + show(v) + " " + opKey + " " + Values.show(expectedValue)).set(r);
                }
                return r;
            }
            case "value": {
                JsonNode actual = template(operand, ctx, ptr + "/value");
                boolean r = Operators.apply(op, actual, expectedValue);
                if (trace != null) {
                    trace.child("value " + Values.show(actual) + " " + opKey + " " + Values.show(expectedValue)).set(r);
                }
                return r;
            }
            default: {
                Trace t = trace == null ? null : trace.child("count");
                long n = count(operand, ptr + "/count", ctx, t);
                if (Values.number(expectedValue) == null && !op.equals("in") && !op.equals("notin")) {
                    throw new EvalError(ptr + "/" + opKey, "a count is compared with a number, got " + Values.show(expectedValue));
                }
                boolean r = Operators.apply(op, Values.num(n), expectedValue);
                if (t != null) {
                    t.child("count = " + n + " " + opKey + " " + Values.show(expectedValue)).set(r);
                }
                return set(t, r);
            }
        }
    }

    private static long count(JsonNode count, String ptr, RuleContext ctx, Trace trace) {
        if (!count.isObject()) {
            throw new EvalError(ptr, "'count' must be an object");
        }
        JsonNode field = Values.getIgnoreCase(count, "field");
        JsonNode value = Values.getIgnoreCase(count, "value");
        JsonNode where = Values.getIgnoreCase(count, "where");
        JsonNode name = Values.getIgnoreCase(count, "name");
        if ((field == null) == (value == null)) {
            throw new EvalError(ptr, "a count has either 'field' or 'value'");
        }
        List<RuleContext.Frame> items = new ArrayList<>();
        if (field != null) {
            if (!field.isString()) {
                throw new EvalError(ptr + "/field", "'field' of a count must be a string");
            }
            String alias = field.asString();
            FieldPath path;
            try {
                path = ctx.pathOf(alias);
            } catch (EvalError e) {
                throw new EvalError(ptr + "/field", e.getMessage());
            }
            if (path != null && !path.endsWithWildcard()) {
                throw new EvalError(ptr + "/field", "a field count needs an array alias ending in [*], got '" + alias + "'");
            }
            if (name != null) {
                throw new EvalError(ptr + "/name", "'name' belongs to value counts");
            }
            if (path != null) {
                for (JsonNode element : ctx.field(alias).values()) {
                    items.add(new RuleContext.Frame(path, null, element));
                }
            }
        } else {
            JsonNode array = template(value, ctx, ptr + "/value");
            if (!array.isArray()) {
                throw new EvalError(ptr + "/value", "a value count needs an array, got " + Values.show(array));
            }
            if (name != null && !name.isString()) {
                throw new EvalError(ptr + "/name", "'name' of a count must be a string");
            }
            String n = name == null ? null : name.asString();
            for (JsonNode item : array) {
                items.add(new RuleContext.Frame(null, n, item));
            }
        }
        if (where == null) {
            return items.size();
        }
        long n = 0;
        int i = 0;
        for (RuleContext.Frame f : items) {
            ctx.push(f);
            try {
                Trace t = trace == null ? null : trace.child("where [" + i++ + "] " + Values.show(f.item()));
                if (set(t, eval(where, ptr + "/where", ctx, t))) {
                    n++;
                }
            } finally {
                ctx.pop();
            }
        }
        return n;
    }

    /** Evaluates a JSON value that may contain template expressions (strings; arrays/objects are literal). */
    static JsonNode template(JsonNode v, Scope scope, String ptr) {
        if (v == null || !v.isString()) {
            return v;
        }
        try {
            return Functions.evalString(v.stringValue(), scope);
        } catch (EvalError e) {
            throw new EvalError(e.jsonPath() == null ? ptr : e.jsonPath(), e.getMessage());
        }
    }

    private static boolean set(Trace t, boolean r) {
        if (t != null) {
            t.set(r);
        }
        return r;
    }

    private static String show(RuleContext.FieldValue v) {
        if (!v.perElement()) {
            return Values.show(v.single());
        }
        List<String> parts = new ArrayList<>();
        v.values().forEach(x -> parts.add(Values.show(x)));
        return "each of " + parts;
    }

}
