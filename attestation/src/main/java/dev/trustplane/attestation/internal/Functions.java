package dev.trustplane.attestation.internal;

import dev.trustplane.attestation.internal.Ast.Call;
import io.burt.jmespath.Expression;
import io.burt.jmespath.RuntimeConfiguration;
import io.burt.jmespath.function.FunctionRegistry;
import io.burt.jmespath.jcf.JcfRuntime;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The six functions of policy version 1.2, as {@code claim-rule-functions.md} defines them. Every argument and
 * result is a value set (a list): a single value is a one-element set, the values of all claims an identifier
 * bound form a larger set.
 * <ul>
 *   <li>{@code JmesPath(json, query)}: the query's result as JSON text (so a string result keeps its quotes and
 *       no result is the text {@code null}; the docs' Boot Manager sample compares {@code value != "null"});</li>
 *   <li>{@code JsonToClaimValue(json)}: integer, boolean, string; array of primitives → a set (nulls dropped);
 *       null → the empty set (adding or issuing it is a no-op); fractions and objects are errors;</li>
 *   <li>{@code IsSubsetOf(a, b)}, {@code ContainsOnlyValue(set, v)} (false for an empty set),
 *       {@code AppendString(a, b)}, {@code NegateBool(b)}.</li>
 * </ul>
 * JMESPath is io.burt's jmespath-core over plain Java collections, plus MAA's {@code equals_ignore_case}.
 * "Read-only" claim values (the docs' PCR claims) are not tracked: no claim Trustplane derives is read-only.
 */
final class Functions {
    private static final JcfRuntime JMESPATH = new JcfRuntime(new RuntimeConfiguration.Builder()
            .withFunctionRegistry(FunctionRegistry.defaultRegistry().extend(new EqualsIgnoreCase())).build());

    private Functions() {
    }

    static List<Object> apply(Call call, List<List<Object>> args, EvalContext ctx) {
        ctx.step(call.line(), call.column());
        return switch (call.function()) {
            case JMESPATH -> List.of(jmesPath(call, args, ctx));
            case JSONTOCLAIMVALUE -> jsonToClaimValue(call, toData(call, single(call, args, 0), ctx));
            case ISSUBSETOF -> List.of(args.get(0).stream().allMatch(a -> contains(args.get(1), a)));
            case APPENDSTRING -> {
                String s = string(call, args, 0) + string(call, args, 1);
                ctx.checkString(s, call);
                yield List.of(s);
            }
            case NEGATEBOOL -> {
                if (!(single(call, args, 0) instanceof Boolean b)) {
                    throw fail(call, "NegateBool needs a Boolean argument");
                }
                yield List.of(!b);
            }
            case CONTAINSONLYVALUE -> {
                Object v = single(call, args, 1);
                yield List.of(!args.get(0).isEmpty() && args.get(0).stream().allMatch(a -> Values.same(a, v)));
            }
        };
    }

    private static String jmesPath(Call call, List<List<Object>> args, EvalContext ctx) {
        Object data = toData(call, single(call, args, 0), ctx);
        String query = string(call, args, 1);
        if (query.isEmpty() || query.length() > ctx.limits().maxJmesPathQueryLength()) {
            throw fail(call, "JmesPath needs a non-empty query of at most "
                    + ctx.limits().maxJmesPathQueryLength() + " characters");
        }
        if (nesting(query) > ctx.limits().maxJsonDepth()) {
            throw fail(call, "JmesPath query nested deeper than " + ctx.limits().maxJsonDepth());
        }
        Expression<Object> expression;
        try {
            expression = JMESPATH.compile(query);
        } catch (RuntimeException | StackOverflowError e) {
            throw fail(call, "JmesPath query does not parse: " + firstLine(e.getMessage()));
        }
        Object result;
        try {
            result = expression.search(data);
        } catch (RuntimeException | StackOverflowError e) {
            throw fail(call, "JmesPath query failed: " + firstLine(e.getMessage()));
        }
        String text = JsonSupport.write(result);
        ctx.checkString(text, call);
        return text;
    }

    /** Deepest nesting of brackets, parentheses and braces outside quoted literals. */
    private static int nesting(String query) {
        int depth = 0;
        int max = 0;
        char quote = 0;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                max = Math.max(max, ++depth);
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
        }
        return max;
    }

    private static Object toData(Call call, Object arg, EvalContext ctx) {
        return switch (arg) {
            case Claim.Json j -> j.data();
            case String s -> {
                try {
                    yield ctx.json().readValue(s, Object.class);
                } catch (RuntimeException e) {
                    throw fail(call, call.function().spelling() + " needs valid JSON text: " + firstLine(e.getMessage()));
                }
            }
            default -> arg;
        };
    }

    private static List<Object> jsonToClaimValue(Call call, Object data) {
        if (data instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                if (item instanceof Map<?, ?> || item instanceof List<?>) {
                    throw fail(call, "JsonToClaimValue supports arrays of primitive values only");
                }
                if (item != null) {
                    out.add(primitive(call, item));
                }
            }
            return out;
        }
        if (data instanceof Map<?, ?>) {
            throw fail(call, "JsonToClaimValue does not support JSON objects");
        }
        return data == null ? List.of() : List.of(primitive(call, data));
    }

    private static Object primitive(Call call, Object v) {
        return switch (v) {
            case Integer i -> i.longValue();
            case Long l -> l;
            case BigInteger b when b.bitLength() < 64 -> b.longValue();
            case BigInteger b -> throw fail(call, "JsonToClaimValue: integer beyond 64 bits");
            case Double d -> throw fail(call, "JsonToClaimValue: fractions are not supported (" + d + ")");
            case Float f -> throw fail(call, "JsonToClaimValue: fractions are not supported (" + f + ")");
            case BigDecimal d -> throw fail(call, "JsonToClaimValue: fractions are not supported (" + d + ")");
            case Boolean b -> b;
            case String s -> s;
            default -> throw fail(call, "JsonToClaimValue: unsupported value");
        };
    }

    private static boolean contains(List<Object> set, Object v) {
        return set.stream().anyMatch(x -> Values.same(x, v));
    }

    private static Object single(Call call, List<List<Object>> args, int i) {
        List<Object> arg = args.get(i);
        if (arg.size() != 1) {
            throw fail(call, call.function().spelling() + " argument " + (i + 1) + " must be a single value, not a set of "
                    + arg.size());
        }
        return arg.get(0);
    }

    private static String string(Call call, List<List<Object>> args, int i) {
        if (!(single(call, args, i) instanceof String s)) {
            throw fail(call, call.function().spelling() + " argument " + (i + 1) + " must be a string");
        }
        return s;
    }

    private static EvaluationException fail(Call call, String message) {
        return new EvaluationException(call.line(), call.column(), message);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
