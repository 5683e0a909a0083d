package dev.trustplane.cli;

import dev.trustplane.server.StartupException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code trustplane} command. Exit codes: 0 ok, 1 "no" (not genuine, violations, denied),
 * 2 usage or input error. Errors are one line on stderr, never a stack trace.
 */
@Command(name = "trustplane", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Self-hosted trust plane for confidential computing.",
        subcommands = {ServeCommand.class, VersionCommand.class, TokenCommand.class, VerifyCommand.class, SkrCommand.class, AgentCommand.class, DemoCommand.class,
            SimCommand.class, CollateralCommand.class, PolicyCommand.class, LedgerCommand.class, SdCommand.class, BackupCommand.class})
public final class Main {
    public static final int OK = 0;
    public static final int NO = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        quietUnlessServing(args);
        LoggerFactory.getLogger(Main.class).debug("cryptography: {}", dev.trustplane.evidence.FastCrypto.install());
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, params) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("trustplane: " + e.getMessage() + " (see '"
                    + failed.getCommandSpec().qualifiedName() + " --help')");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException || e instanceof StartupException) {
                commandLine.getErr().println("trustplane: " + e.getMessage());
                return USAGE;
            }
            LoggerFactory.getLogger(Main.class).error("unexpected failure", e);
            commandLine.getErr().println("trustplane: unexpected failure: " + e.getClass().getSimpleName());
            return USAGE;
        });
        return cli.execute(args);
    }

    /** Only the server logs its progress; one-shot commands print their result and warnings only. */
    private static void quietUnlessServing(String... args) {
        boolean serving = args.length > 0 && args[0].equals("serve");
        if (!serving && LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context
                && System.getenv("TRUSTPLANE_LOG_LEVEL") == null) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/trustplane-version.properties")) {
            Properties props = new Properties();
            if (in != null) {
                props.load(in);
            }
            return props.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Flushes and stops logging; used before the JVM halts after a clean shutdown. */
    static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.stop();
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"trustplane " + version()};
        }
    }
}
