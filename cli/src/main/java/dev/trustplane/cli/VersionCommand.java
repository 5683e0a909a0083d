package dev.trustplane.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code trustplane version}: the product version and the Java runtime it runs on. */
@Command(name = "version", description = "Print the version.")
final class VersionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("trustplane " + Main.version() + " (Java " + Runtime.version() + ", "
                + System.getProperty("java.vendor") + ")");
        return 0;
    }
}
