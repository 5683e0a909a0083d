package dev.trustplane.kms.release;

import java.util.Arrays;
import java.util.Optional;

/** The claim operators of the Key Vault release policy grammar, with their wire names. */
enum Operator {
    EQUALS("equals", "must equal"),
    NOT_EQUALS("notEquals", "must not equal"),
    LESS("less", "must be less than"),
    LESS_OR_EQUALS("lessOrEquals", "must be less than or equal to"),
    GREATER("greater", "must be greater than"),
    GREATER_OR_EQUALS("greaterOrEquals", "must be greater than or equal to"),
    EXISTS("exists", "must exist");

    /** Wire names in grammar order, for error messages. */
    static final String NAMES = String.join(", ", Arrays.stream(values()).map(Operator::wire).toList());

    private final String wire;
    private final String phrase;

    Operator(String wire, String phrase) {
        this.wire = wire;
        this.phrase = phrase;
    }

    String wire() {
        return wire;
    }

    /** How the explanation states the requirement, e.g. "must be greater than". */
    String phrase() {
        return phrase;
    }

    /** True for the four operators that compare numbers. */
    boolean ordering() {
        return this == LESS || this == LESS_OR_EQUALS || this == GREATER || this == GREATER_OR_EQUALS;
    }

    /** Exact, case-sensitive lookup: the grammar spells operators in camelCase. */
    static Optional<Operator> fromWire(String name) {
        for (Operator op : values()) {
            if (op.wire.equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
