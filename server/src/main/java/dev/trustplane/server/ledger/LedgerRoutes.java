package dev.trustplane.server.ledger;

import static dev.trustplane.server.ledger.LedgerHttp.call;

import dev.trustplane.ledger.Ledger;
import dev.trustplane.ledger.LedgerConfig;
import dev.trustplane.ledger.NoteSigner;
import dev.trustplane.ledger.SignedNote;
import dev.trustplane.ledger.TilePath;
import dev.trustplane.server.ApiRoutes;
import dev.trustplane.server.ServerContext;
import dev.trustplane.server.http.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The ledger's HTTP API. Routes only adapt HTTP to {@link Ledger}; the log itself decides everything.
 *
 * <ul>
 *   <li>C2SP tlog-tiles, public by default (witnesses and monitors read them without credentials), else for
 *       {@value #READ}: {@code GET /ledger/checkpoint} (text/plain, not cached),
 *       {@code GET /ledger/tile/<L>/<N>[.p/<W>]} and {@code GET /ledger/tile/entries/<N>[.p/<W>]}
 *       (application/octet-stream; full tiles cached forever as immutable, and privately when reads need a
 *       token). {@code GET /ledger/key} (the note verifier key) is always public: it is what clients pin.
 *   <li>JSON, for {@value #READ}: {@code GET /ledger/entries/{index}}, {@code GET /ledger/entries/{index}/receipt},
 *       {@code GET /ledger/proof/consistency?from=&to=}.
 *   <li>{@code POST /ledger/cosignatures} (text/plain cosigned checkpoint), for {@value #WRITE}: stores the
 *       cosignatures of configured witnesses.
 *   <li>Azure Confidential Ledger entry paths ({@code /app/transactions...}): see {@link AclTransactionRoutes}.
 * </ul>
 */
public final class LedgerRoutes implements ApiRoutes {
    public static final String READ = "Trustplane/ledger/read";
    public static final String WRITE = "Trustplane/ledger/write";
    static final String RESOURCE = "/ledger";
    private static final String TILE_PREFIX = "/ledger/tile/";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String PARTIAL = "public, max-age=60";

    private static final String PRIVATE_IMMUTABLE = "private, max-age=31536000, immutable";
    private static final String PRIVATE_PARTIAL = "private, max-age=60";

    private final Function<ServerContext, Ledger> opener;
    private final boolean publicReads;
    private volatile Ledger ledger;

    /** Routes over a ledger the caller opened (and closes), with public tlog-tiles reads. */
    public LedgerRoutes(Ledger ledger) {
        this(ledger, true);
    }

    /**
     * Routes over a ledger the caller opened (and closes).
     *
     * @param publicReads false to require {@value #READ} for the checkpoint and the tiles too
     */
    public LedgerRoutes(Ledger ledger, boolean publicReads) {
        Objects.requireNonNull(ledger, "ledger");
        this.opener = context -> ledger;
        this.publicReads = publicReads;
    }

    /** Routes that open the ledger on the server's store when registered (migrating its tables). */
    public LedgerRoutes(LedgerConfig config, NoteSigner signer) {
        this.opener = context -> Ledger.open(context.store(), config, signer);
        this.publicReads = true;
    }

    /** The ledger, once registered (for wiring the decision log into other modules). */
    public Ledger ledger() {
        return Objects.requireNonNull(ledger, "routes are not registered yet");
    }

    @Override
    public List<String> publicPaths() {
        return publicReads ? List.of("/ledger/checkpoint", "/ledger/key", TILE_PREFIX) : List.of("/ledger/key");
    }

    @Override
    public void register(HttpRouting.Builder routing, ServerContext context) {
        Ledger log = ledger = opener.apply(context);
        routing.get("/ledger/checkpoint", (req, res) -> {
            requireReader(context, req);
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            sendText(res, log.checkpoint().format());
        });
        routing.get("/ledger/key", (req, res) -> sendText(res, log.verifier().encode() + "\n"));
        routing.get("/ledger/tile/{+rest}", (req, res) -> {
            requireReader(context, req);
            tile(log, req, res, publicReads);
        });
        routing.get("/ledger/entries/{index}", (req, res) -> {
            context.require(req, READ, RESOURCE);
            long index = LedgerHttp.pathNumber(req, "index");
            LedgerHttp.sendJson(res, LedgerHttp.describe(log.entry(index).orElseThrow(() -> ApiException.notFound(
                    "EntryNotFound", "The ledger has no entry " + index + "."))));
        });
        routing.get("/ledger/entries/{index}/receipt", (req, res) -> {
            context.require(req, READ, RESOURCE);
            long index = LedgerHttp.pathNumber(req, "index");
            res.header(io.helidon.http.HeaderValues.CONTENT_TYPE_JSON);
            res.send(call(() -> log.receipt(index)).toJson().getBytes(StandardCharsets.UTF_8));
        });
        routing.get("/ledger/proof/consistency", (req, res) -> {
            context.require(req, READ, RESOURCE);
            long from = LedgerHttp.number(LedgerHttp.query(req, "from").orElse(null), "from");
            long to = LedgerHttp.number(LedgerHttp.query(req, "to").orElse(null), "to");
            List<byte[]> proof = call(() -> log.consistencyProof(from, to));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("from", from);
            out.put("to", to);
            out.put("proof", proof.stream().map(Base64.getEncoder()::encodeToString).toList());
            out.put("fromCheckpoint", log.checkpoint(from).map(SignedNote::format).orElse(null));
            out.put("toCheckpoint", log.checkpoint(to).map(SignedNote::format).orElse(null));
            LedgerHttp.sendJson(res, out);
        });
        routing.post("/ledger/cosignatures", (req, res) -> {
            context.require(req, WRITE, RESOURCE);
            SignedNote note;
            try {
                note = SignedNote.parse(context.bodies().readBytes(req));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("BadParameter", "The body is not a signed note: " + e.getMessage());
            }
            int stored = call(() -> {
                try {
                    return log.addCosignatures(note);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("BadParameter", "The note is not a checkpoint: " + e.getMessage());
                }
            });
            LedgerHttp.sendJson(res, Map.of("stored", stored));
        });
        new AclTransactionRoutes(log).register(routing, context);
    }

    /** The checkpoint and tiles need a token with {@value #READ} unless reads are public. */
    private void requireReader(ServerContext context, ServerRequest req) {
        if (!publicReads) {
            context.require(req, READ, RESOURCE);
        }
    }

    private static void tile(Ledger log, ServerRequest req, ServerResponse res, boolean publicReads) {
        String raw = req.path().rawPath();
        if (!raw.startsWith(TILE_PREFIX)) {
            throw ApiException.badRequest("BadTilePath", "The tile path is not valid.");
        }
        TilePath path;
        try {
            path = TilePath.parse(raw.substring(TILE_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("BadTilePath", "Invalid tile path: " + e.getMessage() + ".");
        }
        byte[] body = call(() -> log.tile(path));
        res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
        // Shared caches must not hand an authenticated tile to someone without a token.
        res.header(HeaderNames.CACHE_CONTROL, publicReads ? (path.isFull() ? IMMUTABLE : PARTIAL)
                : (path.isFull() ? PRIVATE_IMMUTABLE : PRIVATE_PARTIAL));
        res.send(body);
    }

    private static void sendText(ServerResponse res, String text) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send(text.getBytes(StandardCharsets.UTF_8));
    }
}
