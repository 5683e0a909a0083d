package dev.trustplane.attestation.internal;

import dev.trustplane.attestation.PolicyLimits;
import dev.trustplane.attestation.PolicyParseException;
import dev.trustplane.attestation.PolicySection;
import dev.trustplane.attestation.internal.Ast.Action;
import dev.trustplane.attestation.internal.Ast.Condition;
import dev.trustplane.attestation.internal.Ast.Rule;
import dev.trustplane.attestation.internal.Ast.Verb;
import dev.trustplane.attestation.internal.Token.Kind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for the Azure Attestation policy language, versions 1.0, 1.1 and 1.2.
 *
 * <p>Grammar (keywords ignore case; sources: {@code claim-rule-grammar.md}, {@code claim-rule-functions.md},
 * {@code policy-version-1-0/1-1/1-2.md}, {@code policy-examples.md} in MicrosoftDocs/azure-docs
 * {@code articles/attestation/}):
 * <pre>
 * policy     := 'version' '=' ('1.0' | '1.1' | '1.2') ';' section* EOF
 * section    := ('configurationrules' | 'authorizationrules' | 'issuancerules') '{' rule* '}' ';'
 *               -- each at most once, in this order; configurationrules needs 1.1+
 * rule       := [condition ('&amp;&amp;' condition)*] '=>' action ';'
 * condition  := [IDENT ':'] '[' [test (',' test)*] ']'  |  '!' '[' [test (',' test)*] ']'   -- '!' needs 1.2
 * test       := ('type' | 'value' | 'issuer' | 'valueType') op expr
 * op         := '==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;='   -- ordering only against integers
 * expr       := STRING | INTEGER | 'true' | 'false' | IDENT '.' property | FUNCTION '(' [expr (',' expr)*] ')'
 * action     := ('permit' | 'deny') '(' ')'                         -- authorizationrules only
 *             | ('add' | 'issue' | 'issueproperty') '(' args ')'   -- issue: issuancerules; issueproperty:
 *                                                                   --   configuration- and issuancerules
 * args       := 'claim' '=' IDENT | ('type' | 'value' | 'valueType') '=' expr (',' …)*   -- type and value required
 * </pre>
 * Keywords, property names, function names and identifiers ignore case ({@code Version= 1.0;} in the published
 * SGX default). Checks beyond the grammar: identifiers are bound once per rule and referenced only after the condition that
 * binds them (the docs' cross-reference examples), never on a negated condition; functions exist only in 1.2
 * with their documented arities. Lenient where Microsoft's own published samples are: a single {@code =} inside a
 * condition means {@code ==} ({@code issuer="AttestationPolicy"} in the 1.2 samples); typographic quotes (lexer).
 */
public final class Parser {
    private final String src;
    private final List<Token> tokens;
    private final PolicyLimits limits;
    private int pos;
    private String version;
    private int ruleCount;

    private Parser(String src, List<Token> tokens, PolicyLimits limits) {
        this.src = src;
        this.tokens = tokens;
        this.limits = limits;
    }

    /**
     * @param src the policy text
     * @param limits the bounds to enforce
     * @return the syntax tree
     * @throws PolicyParseException with the position of the first error
     */
    public static Ast.Policy parse(String src, PolicyLimits limits) {
        if (src.length() > limits.maxPolicyChars()) {
            throw new PolicyParseException(1, 1, "a policy of at most " + limits.maxPolicyChars() + " characters",
                    src.length() + " characters");
        }
        return new Parser(src, Lexer.tokenize(src, limits.maxStringLength()), limits).policy();
    }

    private Ast.Policy policy() {
        Token v = peek();
        if (!v.isWord("version")) {
            throw error("'version'");
        }
        pos++;
        expect(Kind.ASSIGN);
        Token num = expect(Kind.DECIMAL);
        if (!Set.of("1.0", "1.1", "1.2").contains(num.text())) {
            throw new PolicyParseException(num.line(), num.column(), "version 1.0, 1.1 or 1.2", num.describe());
        }
        version = num.text();
        expect(Kind.SEMI);
        List<List<Rule>> sections = new ArrayList<>(List.of(List.of(), List.of(), List.of()));
        EnumSet<PolicySection> allowed = EnumSet.allOf(PolicySection.class);
        while (peek().kind() != Kind.EOF) {
            Token name = peek();
            PolicySection section = allowed.stream().filter(s -> name.isWord(s.keyword())).findFirst().orElse(null);
            if (section == null) {
                throw error(expectedSections(allowed));
            }
            if (section == PolicySection.CONFIGURATION && "1.0".equals(version)) {
                throw new PolicyParseException(name.line(), name.column(), "authorizationrules or issuancerules "
                        + "(configurationrules needs version=1.1 or later)", name.describe());
            }
            pos++;
            allowed.removeIf(s -> s.ordinal() <= section.ordinal());
            sections.set(section.ordinal(), section(section));
        }
        return new Ast.Policy(version, sections.get(0), sections.get(1), sections.get(2));
    }

    private static String expectedSections(Set<PolicySection> allowed) {
        if (allowed.isEmpty()) {
            return "end of policy";
        }
        return String.join(" or ", allowed.stream().map(PolicySection::keyword).toList()) + " or end of policy";
    }

    private List<Rule> section(PolicySection section) {
        expect(Kind.LBRACE);
        List<Rule> rules = new ArrayList<>();
        while (peek().kind() != Kind.RBRACE) {
            if (++ruleCount > limits.maxRules()) {
                throw error("at most " + limits.maxRules() + " rules");
            }
            rules.add(rule(section));
        }
        expect(Kind.RBRACE);
        expect(Kind.SEMI);
        return List.copyOf(rules);
    }

    private Rule rule(PolicySection section) {
        Token start = peek();
        Set<String> bound = new HashSet<>();
        List<Condition> conditions = new ArrayList<>();
        if (start.kind() != Kind.ARROW) {
            conditions.add(condition(bound));
            while (peek().kind() == Kind.AND) {
                pos++;
                if (conditions.size() >= limits.maxConditionsPerRule()) {
                    throw error("at most " + limits.maxConditionsPerRule() + " conditions in a rule");
                }
                conditions.add(condition(bound));
            }
            if (peek().kind() != Kind.ARROW) {
                throw error("'&&' or '=>'");
            }
        }
        pos++;
        Action action = new ActionParser(this, bound).action(section);
        Token semi = expect(Kind.SEMI);
        return new Rule(section, List.copyOf(conditions), action, src.substring(start.offset(), semi.end()),
                start.line(), start.column());
    }

    private Condition condition(Set<String> bound) {
        Token start = peek();
        String ident = null;
        boolean negated = false;
        if (start.kind() == Kind.BANG) {
            requireVersion12(start, "'!' (absence test)");
            negated = true;
            pos++;
        } else if (start.kind() == Kind.IDENT) {
            ident = start.text();
            pos++;
            expect(Kind.COLON);
            if (bound.contains(ident.toLowerCase(java.util.Locale.ROOT))) {
                throw new PolicyParseException(start.line(), start.column(),
                        "an identifier not yet used in this rule", start.describe());
            }
        } else if (start.kind() != Kind.LBRACKET) {
            throw error("a condition ('[', an identifier followed by ':', or '!') or '=>'");
        }
        expect(Kind.LBRACKET);
        List<Ast.Test> tests = new ArrayList<>();
        if (peek().kind() != Kind.RBRACKET) {
            tests.add(new ExpressionParser(this, bound).test());
            while (peek().kind() == Kind.COMMA) {
                pos++;
                tests.add(new ExpressionParser(this, bound).test());
            }
        }
        Token close = expect(Kind.RBRACKET);
        if (ident != null) {
            bound.add(ident.toLowerCase(java.util.Locale.ROOT));
        }
        return new Condition(ident, negated, List.copyOf(tests), src.substring(start.offset(), close.end()),
                start.line(), start.column());
    }

    void requireVersion12(Token at, String feature) {
        if (!"1.2".equals(version)) {
            throw new PolicyParseException(at.line(), at.column(),
                    "version=1.2 for " + feature + " (this policy is version=" + version + ")", at.describe());
        }
    }

    PolicyLimits limits() {
        return limits;
    }

    Token peek() {
        return tokens.get(pos);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token advance() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    Token expect(Kind kind) {
        if (peek().kind() != kind) {
            throw error(kind.display());
        }
        return advance();
    }

    PolicyParseException error(String expected) {
        Token t = peek();
        return new PolicyParseException(t.line(), t.column(), expected, t.describe());
    }

    static boolean verbAllowed(Verb verb, PolicySection section) {
        return switch (verb) {
            case PERMIT, DENY -> section == PolicySection.AUTHORIZATION;
            case ADD -> section != PolicySection.CONFIGURATION;
            case ISSUE -> section == PolicySection.ISSUANCE;
            case ISSUEPROPERTY -> section != PolicySection.AUTHORIZATION;
        };
    }
}
