package dev.trustplane.cli;

import dev.trustplane.ledger.Checkpoint;
import dev.trustplane.ledger.NoteSigner;
import dev.trustplane.ledger.NoteVerifier;
import dev.trustplane.ledger.Receipt;
import dev.trustplane.ledger.ReceiptVerifier;
import dev.trustplane.ledger.SignedNote;
import dev.trustplane.server.http.Json;
import dev.trustplane.server.ledger.LedgerIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code trustplane ledger verify|verify-consistency|key|audit}: checks the ledger's promises without
 * trusting the server. {@code verify} and {@code verify-consistency} are fully offline and need only the
 * log's verifier key, which the caller pins ({@code --key}); a key taken from the receipt or from the server
 * being checked would prove nothing. Exit 0 when everything verified, 1 when something did not (the first
 * mismatch is named: leaf, proof step, root or signature), 2 for unreadable input or bad flags.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Verify ledger receipts, checkpoints and logs.",
        subcommands = {LedgerCommand.Verify.class, LedgerCommand.VerifyConsistency.class, LedgerCommand.Key.class,
                LedgerCommand.Audit.class})
final class LedgerCommand {
    static final String KEY_ENV = "TRUSTPLANE_LEDGER_KEY";

    private LedgerCommand() {}

    /** The pinned log key: {@code --key VKEY}, {@code --key-file FILE}, or env {@value #KEY_ENV}. */
    static final class PinnedKey {
        @Option(names = "--key", paramLabel = "VKEY",
                description = "The log's verifier key <name>+<id>+<base64> (see 'trustplane ledger key' or GET /ledger/key).")
        String key;

        @Option(names = "--key-file", paramLabel = "FILE", description = "A file holding the verifier key.")
        Path keyFile;

        /** The key, or null when none was given and none is in the environment. */
        NoteVerifier resolve() throws UsageException {
            String text = key;
            String source = "--key";
            if (text == null && keyFile != null) {
                text = readText(keyFile, "--key-file").strip();
                source = "--key-file " + keyFile;
            }
            if (text == null && System.getenv(KEY_ENV) != null && !System.getenv(KEY_ENV).isBlank()) {
                text = System.getenv(KEY_ENV).strip();
                source = KEY_ENV;
            }
            if (text == null) {
                return null;
            }
            NoteVerifier verifier;
            try {
                verifier = NoteVerifier.parse(text);
            } catch (IllegalArgumentException e) {
                throw new UsageException(source + ": " + e.getMessage());
            }
            if (verifier.type() != NoteVerifier.TYPE_ED25519) {
                throw new UsageException(source + ": a witness cosignature key is not a log key");
            }
            return verifier;
        }

        NoteVerifier require() throws UsageException {
            NoteVerifier v = resolve();
            if (v == null) {
                throw new UsageException("pin the log's key with --key or --key-file (or env " + KEY_ENV
                        + "); print it with 'trustplane ledger key' or GET /ledger/key");
            }
            return v;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify a receipt offline: leaf, inclusion proof, root and checkpoint signature.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "RECEIPT", description = "Receipt JSON (GET /ledger/entries/{i}/receipt or /app/transactions/{id}/receipt).")
        Path receipt;

        @ArgGroup(exclusive = true)
        PinnedKey key = new PinnedKey();

        @Override
        public Integer call() throws Exception {
            NoteVerifier verifier = key.require();
            String json = unwrapAclReceipt(readText(receipt, "receipt"));
            ReceiptVerifier.Result result = ReceiptVerifier.verify(json, verifier);
            if (result.failure() == ReceiptVerifier.Failure.MALFORMED) {
                throw new UsageException(receipt + " is not a receipt: " + result.message());
            }
            if (!result.ok()) {
                System.out.println("FAILED (" + failureName(result.failure()) + "): " + result.message());
                return Main.NO;
            }
            Receipt r = Receipt.parse(json);
            System.out.println("OK: entry " + r.index() + " (" + r.entry().contentType() + ", " + r.entry().content().length
                    + " bytes, " + r.entry().timestamp() + (r.entry().collectionId() == null ? "" : ", collection "
                    + r.entry().collectionId()) + ") is in the tree of size " + r.treeSize() + " with root "
                    + Base64.getEncoder().encodeToString(r.rootHash()) + ", signed by " + verifier.name());
            return Main.OK;
        }
    }

    @Command(name = "verify-consistency", mixinStandardHelpOptions = true,
            description = "Verify offline that the older of two signed checkpoints is a prefix of the newer.")
    static final class VerifyConsistency implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CHECKPOINT1", description = "A signed checkpoint (GET /ledger/checkpoint).")
        Path first;

        @Parameters(index = "1", paramLabel = "CHECKPOINT2", description = "Another signed checkpoint of the same log.")
        Path second;

        @Parameters(index = "2", paramLabel = "PROOF_FILE",
                description = "One base64 hash per line (C2SP style), or the JSON of GET /ledger/proof/consistency.")
        Path proofFile;

        @ArgGroup(exclusive = true)
        PinnedKey key = new PinnedKey();

        @Override
        public Integer call() throws Exception {
            NoteVerifier verifier = key.require();
            String a = readText(first, "CHECKPOINT1");
            String b = readText(second, "CHECKPOINT2");
            List<byte[]> proof = readProof(proofFile);
            ReceiptVerifier.Result result = ReceiptVerifier.verifyConsistency(a, b, proof, verifier);
            if (result.failure() == ReceiptVerifier.Failure.MALFORMED) {
                throw new UsageException(result.message());
            }
            if (!result.ok()) {
                System.out.println("FAILED (" + failureName(result.failure()) + "): " + result.message());
                return Main.NO;
            }
            long m = Checkpoint.parse(SignedNote.parse(a).text()).size();
            long n = Checkpoint.parse(SignedNote.parse(b).text()).size();
            System.out.println("OK: the tree of size " + Math.min(m, n) + " is a prefix of the tree of size " + Math.max(m, n)
                    + "; both checkpoints are signed by " + verifier.name());
            return Main.OK;
        }
    }

    @Command(name = "key", mixinStandardHelpOptions = true,
            description = "Print the verifier key of the data dir's ledger (offline).")
    static final class Key implements Callable<Integer> {
        @Mixin
        CommonOptions common = new CommonOptions();

        @Override
        public Integer call() throws Exception {
            Path dataDir = common.toServerConfig(null, null, null, null, null, System.getenv()).dataDir();
            Path dir = dataDir.resolve("ledger");
            if (!Files.isRegularFile(dir.resolve("verifier-key"))) {
                throw new UsageException("no ledger key in " + dir + " (the server creates it on first start)");
            }
            String key;
            try {
                key = LedgerIdentity.verifierKey(dataDir);
                NoteVerifier.parse(key);
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageException("cannot read the ledger key in " + dir + ": " + e.getMessage());
            }
            System.out.println(key);
            return Main.OK;
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "Download the whole log by tiles and check it against the latest signed checkpoint.")
    static final class Audit implements Callable<Integer> {
        @Parameters(paramLabel = "URL", description = "The server, e.g. https://127.0.0.1:8443.")
        String url;

        @Option(names = "--ca", paramLabel = "FILE", description = "CA certificate to trust (default: the JDK's trust store).")
        Path ca;

        @ArgGroup(exclusive = true)
        PinnedKey key = new PinnedKey();

        @Option(names = "--progress", paramLabel = "N", defaultValue = "100",
                description = "Report progress every N entry tiles of 256 entries (default 100; 0 = never).")
        int progressEvery;

        @Override
        public Integer call() throws Exception {
            if (progressEvery < 0) {
                throw new UsageException("--progress must not be negative");
            }
            return new LedgerAudit(url, ca, key.resolve(), progressEvery, System.out, System.err).run();
        }
    }

    private static String failureName(ReceiptVerifier.Failure failure) {
        return switch (failure) {
            case MALFORMED -> "malformed";
            case KEY -> "key";
            case SIGNATURE -> "signature";
            case ROOT -> "root";
            case LEAF -> "leaf";
            case PROOF -> "proof step";
        };
    }

    /** Accepts the ACL wrapper {@code {"state","transactionId","receipt":{…}}} as well as a bare receipt. */
    static String unwrapAclReceipt(String text) {
        if (!text.stripLeading().startsWith("{")) {
            return text;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            JsonNode inner = node == null ? null : node.get("receipt");
            return inner != null && inner.isObject() && !node.has("format") ? Json.MAPPER.writeValueAsString(inner) : text;
        } catch (tools.jackson.core.JacksonException e) {
            return text; // the receipt parser names the problem
        }
    }

    /** A consistency proof: one base64 hash per line, or the server's JSON answer with a "proof" array. */
    static List<byte[]> readProof(Path file) throws UsageException {
        String text = readText(file, "PROOF_FILE");
        List<String> lines = new ArrayList<>();
        if (text.stripLeading().startsWith("{")) {
            try {
                JsonNode proof = Json.MAPPER.readTree(text).get("proof");
                if (proof == null || !proof.isArray()) {
                    throw new UsageException(file + " has no \"proof\" array");
                }
                proof.forEach(h -> lines.add(h.isString() ? h.asString() : ""));
            } catch (tools.jackson.core.JacksonException e) {
                throw new UsageException(file + " is not valid JSON");
            }
        } else {
            text.lines().filter(l -> !l.isBlank()).forEach(l -> lines.add(l.strip()));
        }
        if (lines.size() > 64) {
            throw new UsageException(file + " has " + lines.size() + " hashes; a consistency proof has at most 64");
        }
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            byte[] h = canonicalBase64(lines.get(i));
            if (h == null || h.length != 32) {
                throw new UsageException(file + " hash " + (i + 1) + " is not base64 of 32 bytes");
            }
            hashes.add(h);
        }
        return hashes;
    }

    /** Standard base64 with padding, decoded only if it is the one canonical spelling; else null. */
    static byte[] canonicalBase64(String text) {
        try {
            byte[] raw = Base64.getDecoder().decode(text);
            return Base64.getEncoder().encodeToString(raw).equals(text) ? raw : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String readText(Path file, String what) throws UsageException {
        try {
            if (Files.size(file) > 1024 * 1024) {
                throw new UsageException(what + " " + file + " is larger than 1 MiB");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read " + what + " " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
