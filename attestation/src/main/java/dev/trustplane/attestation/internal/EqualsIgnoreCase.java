package dev.trustplane.attestation.internal;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.ArgumentConstraints;
import io.burt.jmespath.function.BaseFunction;
import io.burt.jmespath.function.FunctionArgument;
import java.util.List;

/**
 * {@code equals_ignore_case(string, string)}: a JMESPath function beyond the JMESPath specification that Azure
 * Attestation's published 1.2 policies use (the ELAM rule in {@code policy-version-1-2.md} and
 * {@code tpm-attestation-sample-policies.md}). Compares ignoring case (ordinal, per character).
 */
final class EqualsIgnoreCase extends BaseFunction {
    EqualsIgnoreCase() {
        super("equals_ignore_case", ArgumentConstraints.typeOf(JmesPathType.STRING),
                ArgumentConstraints.typeOf(JmesPathType.STRING));
    }

    @Override
    protected <T> T callFunction(Adapter<T> runtime, List<FunctionArgument<T>> arguments) {
        String a = runtime.toString(arguments.get(0).value());
        String b = runtime.toString(arguments.get(1).value());
        return runtime.createBoolean(a.equalsIgnoreCase(b));
    }
}
