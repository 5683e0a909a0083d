package dev.trustplane.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each condition operator, field kind and array form, against the documented semantics of Azure Policy's
 * definition structure (policy rule page, "author policies for array properties" page): case-insensitive
 * string comparison except match/notMatch, like wildcards, match patterns, [*] conditions holding for every
 * element (vacuously for an empty array), absent fields, and location normalisation.
 */
class ConditionSemanticsTest {

    private record Case(String name, String rule, boolean expected) {}

    private static Case c(String name, String rule, boolean expected) {
        return new Case(name, rule, expected);
    }

    private static final String T = "Microsoft.Test/resourceType/";

    @TestFactory
    Stream<DynamicTest> operators() {
        return Stream.of(
                c("equals ignores case", "{\"field\": \"" + T + "text\", \"equals\": \"hello world\"}", true),
                c("equals on a different value", "{\"field\": \"" + T + "text\", \"equals\": \"Hello\"}", false),
                c("notEquals ignores case", "{\"field\": \"" + T + "text\", \"notEquals\": \"HELLO WORLD\"}", false),
                c("equals compares a boolean with the string 'true'", "{\"field\": \"" + T + "flag\", \"equals\": \"True\"}", true),
                c("equals compares a number with its text", "{\"field\": \"" + T + "number\", \"equals\": \"5\"}", true),
                c("like with a trailing wildcard", "{\"field\": \"" + T + "text\", \"like\": \"hello*\"}", true),
                c("like with a leading wildcard", "{\"field\": \"" + T + "text\", \"like\": \"*WORLD\"}", true),
                c("like without wildcard is whole-value", "{\"field\": \"" + T + "text\", \"like\": \"Hello\"}", false),
                c("notLike", "{\"field\": \"" + T + "text\", \"notLike\": \"Bye*\"}", true),
                c("match: ? letter, . any, # digit", "{\"field\": \"name\", \"match\": \"my?esourc.\"}", true),
                c("match is case-sensitive", "{\"field\": \"name\", \"match\": \"MYRESOURCE\"}", false),
                c("matchInsensitively ignores case", "{\"field\": \"name\", \"matchInsensitively\": \"MYRESOURCE\"}", true),
                c("match # needs a digit", "{\"field\": \"tags['cost center']\", \"match\": \"##\"}", true),
                c("match must match the whole value", "{\"field\": \"tags['cost center']\", \"match\": \"#\"}", false),
                c("notMatch", "{\"field\": \"name\", \"notMatch\": \"MYRESOURCE\"}", true),
                c("notMatchInsensitively", "{\"field\": \"name\", \"notMatchInsensitively\": \"MYRESOURCE\"}", false),
                c("contains on a string ignores case", "{\"field\": \"" + T + "text\", \"contains\": \"LO WO\"}", true),
                c("notContains on a string", "{\"field\": \"" + T + "text\", \"notContains\": \"xyz\"}", true),
                c("contains on a whole array", "{\"field\": \"" + T + "stringArray\", \"contains\": \"B\"}", true),
                c("in ignores case", "{\"field\": \"kind\", \"in\": [\"special\", \"other\"]}", true),
                c("notIn", "{\"field\": \"kind\", \"notIn\": [\"special\"]}", false),
                c("containsKey ignores case", "{\"field\": \"" + T + "object\", \"containsKey\": \"key\"}", true),
                c("notContainsKey", "{\"field\": \"tags\", \"notContainsKey\": \"owner\"}", true),
                c("containsKey on tags", "{\"field\": \"tags\", \"containsKey\": \"ENV\"}", true),
                c("less on numbers", "{\"field\": \"" + T + "number\", \"less\": 6}", true),
                c("lessOrEquals on numbers", "{\"field\": \"" + T + "number\", \"lessOrEquals\": 5}", true),
                c("greater on numbers", "{\"field\": \"" + T + "number\", \"greater\": 5}", false),
                c("greaterOrEquals on numbers", "{\"field\": \"" + T + "number\", \"greaterOrEquals\": 5}", true),
                c("greater on dates", "{\"field\": \"" + T + "date\", \"greater\": \"2023-12-31T23:59:59Z\"}", true),
                c("less on strings (API versions)", "{\"value\": \"2019-06-01\", \"less\": \"2021-06-01-preview\"}", true),
                c("exists true", "{\"field\": \"" + T + "text\", \"exists\": true}", true),
                c("exists as the string 'False'", "{\"field\": \"" + T + "missing\", \"exists\": \"False\"}", true),
                c("a JSON null does not exist", "{\"field\": \"" + T + "nullValue\", \"exists\": \"true\"}", false))
                .map(this::test);
    }

    @TestFactory
    Stream<DynamicTest> absentFields() {
        String m = "{\"field\": \"" + T + "missing\", ";
        return Stream.of(
                c("equals on an absent field is false", m + "\"equals\": \"x\"}", false),
                c("notEquals on an absent field is true", m + "\"notEquals\": \"x\"}", true),
                c("like on an absent field is false", m + "\"like\": \"*\"}", false),
                c("notLike on an absent field is true", m + "\"notLike\": \"x*\"}", true),
                c("in on an absent field is false", m + "\"in\": [\"x\"]}", false),
                c("notIn on an absent field is true", m + "\"notIn\": [\"x\"]}", true),
                c("contains on an absent field is false", m + "\"contains\": \"x\"}", false),
                c("notContains on an absent field is true", m + "\"notContains\": \"x\"}", true),
                c("greater on an absent field is false", m + "\"greater\": 0}", false),
                c("less on an absent field is false", m + "\"less\": 0}", false),
                c("an alias of another type is absent here",
                        "{\"field\": \"Microsoft.KeyVault/vaults/enablePurgeProtection\", \"exists\": false}", true),
                c("an absent tag", "{\"field\": \"tags['owner']\", \"exists\": false}", true))
                .map(this::test);
    }

    @TestFactory
    Stream<DynamicTest> fields() {
        return Stream.of(
                c("type ignores case", "{\"field\": \"type\", \"equals\": \"microsoft.test/RESOURCETYPE\"}", true),
                c("location is normalised (West Europe = westeurope)", "{\"field\": \"location\", \"equals\": \"westeurope\"}", true),
                c("location in a list", "{\"field\": \"location\", \"in\": [\"northeurope\", \"WestEurope\"]}", true),
                c("kind", "{\"field\": \"kind\", \"equals\": \"special\"}", true),
                c("name", "{\"field\": \"name\", \"equals\": \"myresource\"}", true),
                c("fullName", "{\"field\": \"fullName\", \"equals\": \"myResource\"}", true),
                c("identity.type", "{\"field\": \"identity.type\", \"equals\": \"systemassigned\"}", true),
                c("tags['x'] with a space", "{\"field\": \"tags['cost center']\", \"equals\": \"42\"}", true),
                c("tags.x", "{\"field\": \"tags.env\", \"equals\": \"prod\"}", true),
                c("tags[x]", "{\"field\": \"tags[env]\", \"equals\": \"PROD\"}", true),
                c("alias names ignore case", "{\"field\": \"microsoft.test/RESOURCETYPE/text\", \"exists\": true}", true),
                c("field name from a template expression",
                        "{\"field\": \"[concat('tags[', 'env', ']')]\", \"equals\": \"prod\"}", true))
                .map(this::test);
    }

    @TestFactory
    Stream<DynamicTest> arrays() {
        String s = "{\"field\": \"" + T + "stringArray[*]\", ";
        return Stream.of(
                c("[*] equals holds only if every element equals", s + "\"equals\": \"a\"}", false),
                c("[*] notEquals fails when one element equals", s + "\"notEquals\": \"a\"}", false),
                c("[*] in holds when every element is in", s + "\"in\": [\"A\", \"b\", \"c\", \"d\"]}", true),
                c("[*] notIn over disjoint values", s + "\"notIn\": [\"x\"]}", true),
                c("[*] on an empty array is vacuously true",
                        "{\"field\": \"" + T + "emptyArray[*]\", \"equals\": \"anything\"}", true),
                c("[*] on an absent array is vacuously true",
                        "{\"field\": \"" + T + "missingArray[*]\", \"equals\": \"anything\"}", true),
                c("[*] nested property, every element", "{\"field\": \"" + T + "objectArray[*].property\", \"like\": \"value*\"}", true),
                c("[*] nested arrays flatten", "{\"field\": \"" + T + "objectArray[*].nestedArray[*]\", \"less\": 5}", true),
                c("[*] nested arrays, one element fails", "{\"field\": \"" + T + "objectArray[*].nestedArray[*]\", \"less\": 4}", false),
                c("field() of a [*] alias is the array of values",
                        "{\"value\": \"[length(field('" + T + "objectArray[*].nestedArray[*]'))]\", \"equals\": 4}", true),
                c("field() of a whole array", "{\"value\": \"[field('" + T + "stringArray')]\", \"equals\": [\"A\", \"B\", \"C\"]}", true))
                .map(this::test);
    }

    @TestFactory
    Stream<DynamicTest> counts() {
        return Stream.of(
                c("field count without where counts elements",
                        "{\"count\": {\"field\": \"" + T + "stringArray[*]\"}, \"equals\": 3}", true),
                c("field count with where",
                        "{\"count\": {\"field\": \"" + T + "stringArray[*]\", \"where\": {\"field\": \"" + T
                                + "stringArray[*]\", \"equals\": \"B\"}}, \"equals\": 1}", true),
                c("field count of an absent array is 0",
                        "{\"count\": {\"field\": \"" + T + "missingArray[*]\"}, \"equals\": 0}", true),
                c("where reads the current element's properties",
                        "{\"count\": {\"field\": \"" + T + "objectArray[*]\", \"where\": {\"field\": \"" + T
                                + "objectArray[*].property\", \"equals\": \"value2\"}}, \"equals\": 1}", true),
                c("nested count inside where",
                        "{\"count\": {\"field\": \"" + T + "objectArray[*]\", \"where\": {\"count\": {\"field\": \"" + T
                                + "objectArray[*].nestedArray[*]\", \"where\": {\"field\": \"" + T
                                + "objectArray[*].nestedArray[*]\", \"greater\": 2}}, \"equals\": 2}}, \"equals\": 1}", true),
                c("current() of a field count element",
                        "{\"count\": {\"field\": \"" + T + "objectArray[*]\", \"where\": {\"value\": \"[current('" + T
                                + "objectArray[*].property')]\", \"equals\": \"value1\"}}, \"equals\": 1}", true),
                c("value count with name and current(name)",
                        "{\"count\": {\"value\": [\"a\", \"x\", \"b\"], \"name\": \"item\", \"where\": {\"field\": \"" + T
                                + "stringArray\", \"contains\": \"[current('item')]\"}}, \"equals\": 2}", true),
                c("value count with current()",
                        "{\"count\": {\"value\": [1, 2, 3], \"where\": {\"value\": \"[current()]\", \"greater\": 1}}, \"equals\": 2}", true),
                c("value count over a template expression",
                        "{\"count\": {\"value\": \"[split('x,y,z', ',')]\"}, \"equals\": 3}", true),
                c("a count compares with less",
                        "{\"count\": {\"field\": \"" + T + "emptyArray[*]\"}, \"less\": 1}", true))
                .map(this::test);
    }

    @TestFactory
    Stream<DynamicTest> logicAndFunctions() {
        return Stream.of(
                c("allOf", "{\"allOf\": [{\"field\": \"kind\", \"equals\": \"special\"}, {\"field\": \"name\", \"equals\": \"x\"}]}", false),
                c("anyOf", "{\"anyOf\": [{\"field\": \"kind\", \"equals\": \"special\"}, {\"field\": \"name\", \"equals\": \"x\"}]}", true),
                c("not", "{\"not\": {\"field\": \"kind\", \"equals\": \"special\"}}", false),
                c("concat and toLower", "{\"value\": \"[toLower(concat('A', 'B'))]\", \"equals\": \"ab\"}", true),
                c("if picks a branch", "{\"value\": \"[if(equals(1, 1), 'yes', 'no')]\", \"equals\": \"yes\"}", true),
                c("empty of an absent field", "{\"value\": \"[empty(field('" + T + "missing'))]\", \"equals\": true}", true),
                c("first and last", "{\"value\": \"[concat(first(field('" + T + "stringArray')), last('xyz'))]\", \"equals\": \"az\"}", true),
                c("split and replace", "{\"value\": \"[replace(split('a/b/c', '/')[1], 'b', 'B')]\", \"equals\": \"B\"}", true),
                c("toUpper", "{\"value\": \"[toUpper('abc')]\", \"match\": \"ABC\"}", true),
                c("contains function", "{\"value\": \"[contains(field('" + T + "stringArray'), 'c')]\", \"equals\": true}", true),
                c("and/or/not functions", "{\"value\": \"[and(true(), or(false(), not(false())))]\", \"equals\": true}", true),
                c("int/string/bool", "{\"value\": \"[concat(string(int('7')), string(bool('true')))]\", \"equals\": \"7true\"}", true),
                c("intersection and union", "{\"value\": \"[length(union(intersection(createArray(1,2,3), createArray(2,3)), createArray(3,4)))]\", \"equals\": 3}", true),
                c("addDays", "{\"value\": \"[addDays('2024-01-30T00:00:00Z', 2)]\", \"equals\": \"2024-02-01T00:00:00Z\"}", true),
                c("utcNow is the evaluation clock", "{\"value\": \"[utcNow()]\", \"equals\": \"2026-11-23T12:00:00Z\"}", true),
                c("requestContext().apiVersion", "{\"value\": \"[requestContext().apiVersion]\", \"equals\": \"2024-01-01\"}", true),
                c("ipRangeContains", "{\"value\": \"[ipRangeContains('10.0.0.0/8', '10.1.2.3')]\", \"equals\": true}", true),
                c("escaped literal [[", "{\"value\": \"[[not an expression]\", \"equals\": \"[[not an expression]\"}", true),
                c("string literal with quote", "{\"value\": \"[concat('it''s', '')]\", \"equals\": \"it's\"}", true))
                .map(this::test);
    }

    private DynamicTest test(Case c) {
        return dynamicTest(c.name(), () -> assertThat(Rules.matches(c.rule())).as(c.rule()).isEqualTo(c.expected()));
    }
}
