package dev.trustplane.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parse errors name the exact line, column, what was expected and what was found. */
class ParseErrorTest {

    private static PolicyParseException error(String text) {
        try {
            AttestationPolicy.parse(text);
        } catch (PolicyParseException e) {
            return e;
        }
        throw new AssertionError("parsed: " + text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            missing version            | authorizationrules { => permit(); };                         | 1 | 1  | 'version'
            unknown version            | version=2.0;                                                 | 1 | 9  | version 1.0, 1.1 or 1.2
            missing semicolon          | version=1.0 authorizationrules {};                           | 1 | 13 | ';'
            missing arrow              | version=1.0; authorizationrules { [type=="a"] permit(); };   | 1 | 47 | '&&' or '=>'
            deny in issuance           | version=1.0; issuancerules { => deny(); };                   | 1 | 33 | an action allowed in issuancerules (issue, add, issueproperty)
            issue in authorization     | version=1.0; authorizationrules { => issue(type="a", value=1); }; | 1 | 38 | an action allowed in authorizationrules (permit, deny, add)
            config in 1.0              | version=1.0; configurationrules { };                         | 1 | 14 | authorizationrules or issuancerules (configurationrules needs version=1.1 or later)
            sections out of order      | version=1.0; issuancerules { }; authorizationrules { };      | 1 | 33 | end of policy
            ordering a string          | version=1.0; authorizationrules { [type < "a"] => permit(); }; | 1 | 41 | == or != (< compares integer values only)
            unknown property           | version=1.0; authorizationrules { [kind=="a"] => permit(); }; | 1 | 36 | a claim property (type, value, issuer or valueType)
            unbound identifier         | version=1.0; issuancerules { c:[type=="a"] => issue(type="b", value=d.value); }; | 1 | 69 | an identifier bound by an earlier condition of this rule
            self reference             | version=1.0; issuancerules { c:[value==c.value] => add(type="b", value=1); }; | 1 | 40 | an identifier bound by an earlier condition of this rule
            duplicate identifier       | version=1.0; issuancerules { c:[] && c:[] => add(type="b", value=1); }; | 1 | 38 | an identifier not yet used in this rule
            absence needs 1.2          | version=1.1; issuancerules { ![type=="a"] => add(type="b", value=1); }; | 1 | 30 | version=1.2 for '!' (absence test) (this policy is version=1.1)
            function needs 1.2         | version=1.0; issuancerules { => add(type="b", value=NegateBool(true)); }; | 1 | 53 | version=1.2 for function NegateBool (this policy is version=1.0)
            unknown function           | version=1.2; issuancerules { => add(type="b", value=Upper("a")); }; | 1 | 53 | a function (JmesPath, JsonToClaimValue, IsSubsetOf, AppendString, NegateBool, ContainsOnlyValue)
            wrong arity                | version=1.2; issuancerules { => add(type="b", value=NegateBool(true, false)); }; | 1 | 75 | NegateBool with exactly 1 argument
            missing value              | version=1.0; issuancerules { => add(type="b"); };            | 1 | 45 | value= (a claim needs a type and a value)
            unterminated string        | version=1.0; issuancerules { => add(type="b, value=1); };    | 1 | 42 | a closing quote for this string
            single ampersand           | version=1.0; authorizationrules { [] & [] => permit(); };    | 1 | 38 | '&&'
            stray character            | version=1.0; authorizationrules { => permit(); } # ;         | 1 | 50 | a token
            unterminated comment       | version=1.0; /* no end                                       | 1 | 14 | '*/' closing this comment
            missing section semicolon  | version=1.0; authorizationrules { => permit(); }             | 1 | 49 | ';'
            """)
    void reports_position_and_expectation(String name, String text, int line, int column, String expected) {
        PolicyParseException e = error(text.strip());
        assertThat(e.expected()).as(name).isEqualTo(expected);
        assertThat(e.line()).as(name).isEqualTo(line);
        assertThat(e.column()).as(name).isEqualTo(column);
    }

    @Test
    void lines_and_columns_count_across_comments_and_tabs() {
        String text = """
                // leading comment
                version=1.2;
                /* a block
                   comment */ authorizationrules {
                \t=> permit();
                \tc:[type=="x"] =>
                \t   permit(c);
                };
                """;
        PolicyParseException e = error(text);
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.column()).isEqualTo(12);
        assertThat(e.expected()).isEqualTo("')'");
        assertThat(e.found()).isEqualTo("'c'");
        assertThat(e.getMessage()).isEqualTo("line 7, column 12: expected ')' but found 'c'");
    }

    @Test
    void too_deep_nesting_is_refused_not_overflowed() {
        String deep = "NegateBool(".repeat(5000) + "true" + ")".repeat(5000);
        assertThatThrownBy(() -> AttestationPolicy.parse(
                "version=1.2; issuancerules { => add(type=\"b\", value=" + deep + "); };"))
                .isInstanceOf(PolicyParseException.class)
                .hasMessageContaining("function calls nested at most 16 deep");
    }

    @Test
    void too_many_rules_and_too_long_text_are_refused() {
        PolicyLimits small = new PolicyLimits(200, 2, 2, 2, 10, 100, 4, 50, 1000);
        assertThatThrownBy(() -> AttestationPolicy.parse(
                "version=1.0; authorizationrules { => permit(); => permit(); => permit(); };", small))
                .hasMessage("line 1, column 61: expected at most 2 rules but found '=>'");
        assertThatThrownBy(() -> AttestationPolicy.parse("version=1.0;" + " ".repeat(300), small))
                .isInstanceOf(PolicyParseException.class);
    }
}
