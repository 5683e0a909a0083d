package dev.trustplane.cli;

import dev.trustplane.agent.AgentException;
import dev.trustplane.agent.ReleasedKey;
import dev.trustplane.agent.envelope.EnvelopeException;
import dev.trustplane.agent.envelope.Envelopes;
import dev.trustplane.agent.envelope.KeyEncryptionKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trustplane agent encrypt|decrypt}: the envelope format (docs/agent.md) from the command line, standard input
 * to standard output only. Both attest and release KEY first; the key stays in this process. {@code decrypt}
 * checks the envelope's layout and key before attesting, releases the key version the envelope names, and writes
 * the plaintext only after GCM has authenticated all of it, so a corrupt or moved ciphertext produces no output.
 */
final class AgentEnvelopeCommands {
    /** Inputs are read whole (GCM authenticates the whole message before releasing any of it); this bounds them. */
    static final int MAX_INPUT = 64 * 1024 * 1024;

    private AgentEnvelopeCommands() {}

    /** What both commands share: the connection, the key and the associated data. */
    abstract static class EnvelopeCommand implements Callable<Integer> {
        @Mixin
        AgentCommand.Connection connection = new AgentCommand.Connection();

        @Mixin
        AgentCommand.KeyOptions keyOptions = new AgentCommand.KeyOptions();

        @Option(names = "--ad", paramLabel = "TEXT", required = true,
                description = "Associated data naming the object, e.g. sales/42/amount: a ciphertext opens only with "
                        + "the same text.")
        String associatedData;

        byte[] associatedData() {
            return associatedData.getBytes(StandardCharsets.UTF_8);
        }

        /** Standard input, whole and bounded. */
        static byte[] input() throws UsageException {
            try {
                InputStream in = System.in;
                byte[] bytes = in.readNBytes(MAX_INPUT + 1);
                if (bytes.length > MAX_INPUT) {
                    throw new UsageException("standard input exceeds " + MAX_INPUT + " bytes");
                }
                return bytes;
            } catch (IOException e) {
                throw new UsageException("cannot read standard input: " + e.getMessage());
            }
        }

        /** The released key as a key-encryption key, or null after printing why it was not released. */
        KeyEncryptionKey kek() throws UsageException {
            try {
                ReleasedKey key = AgentCommand.agent(connection, keyOptions).obtain();
                System.err.println("trustplane agent: released " + key.kid() + " (" + key.keyType() + ")");
                return KeyEncryptionKey.of(key);
            } catch (AgentException e) {
                System.err.println("trustplane agent: " + e.getMessage());
                return null;
            } catch (IllegalArgumentException e) {
                System.err.println("trustplane agent: the released key cannot encrypt data keys: " + e.getMessage());
                return null;
            }
        }

        static int write(byte[] bytes) {
            PrintStream out = System.out;
            try {
                out.write(bytes, 0, bytes.length);
                out.flush();
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
            return Main.OK;
        }
    }

    @Command(name = "encrypt", mixinStandardHelpOptions = true,
            description = "Attest, release KEY and write an envelope of standard input to standard output.")
    static final class Encrypt extends EnvelopeCommand {
        @Override
        public Integer call() throws Exception {
            byte[] plaintext = input();
            try {
                KeyEncryptionKey kek = kek();
                if (kek == null) {
                    return Main.NO;
                }
                return write(Envelopes.encrypt(kek, plaintext, associatedData()));
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    @Command(name = "decrypt", mixinStandardHelpOptions = true,
            description = "Attest, release the key version the envelope on standard input names, and write its "
                    + "plaintext to standard output (nothing at all unless the whole envelope authenticates).")
    static final class Decrypt extends EnvelopeCommand {
        @Override
        public Integer call() throws Exception {
            byte[] envelope = input();
            String keyId;
            try {
                keyId = Envelopes.keyId(envelope);
            } catch (EnvelopeException e) {
                System.err.println("trustplane agent: standard input is not an envelope: " + e.getMessage());
                return Main.NO;
            }
            int slash = keyId.indexOf('/');
            String name = slash < 0 ? keyId : keyId.substring(0, slash);
            if (!name.equals(keyOptions.key)) {
                System.err.println("trustplane agent: the envelope needs key " + keyId + ", not " + keyOptions.key);
                return Main.NO;
            }
            if (keyOptions.version == null && slash > 0) {
                keyOptions.version = keyId.substring(slash + 1);
            }
            KeyEncryptionKey kek = kek();
            if (kek == null) {
                return Main.NO;
            }
            try {
                return write(Envelopes.decrypt(kek, envelope, associatedData()));
            } catch (EnvelopeException e) {
                System.err.println("trustplane agent: " + e.getMessage());
                return Main.NO;
            }
        }
    }
}
