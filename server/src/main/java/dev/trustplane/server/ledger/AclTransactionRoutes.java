package dev.trustplane.server.ledger;

import static dev.trustplane.server.ledger.LedgerHttp.call;

import dev.trustplane.ledger.Ledger;
import dev.trustplane.ledger.LedgerEntry;
import dev.trustplane.ledger.NewEntry;
import dev.trustplane.server.ServerContext;
import dev.trustplane.server.http.ApiException;
import dev.trustplane.server.http.Json;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Azure Confidential Ledger's entry paths over the Trustplane ledger, so ACL clients and SDKs can write
 * and read entries unchanged.
 *
 * <p>Transaction ids keep CCF's {@code view.seqno} form: view is always {@code 1} and seqno is the ledger
 * index plus one (CCF seqnos start at 1), so entry 0 is {@code 1.1}. ACL's default collection
 * {@code subledger:0} is the ledger's "no collection". Entries are committed when the POST returns, so
 * status is always {@code Committed} and reads are always {@code Ready}. The {@code receipt} member of
 * {@code /receipt} is a Trustplane receipt (RFC 6962 proof + C2SP signed checkpoint), not a CCF receipt.
 */
final class AclTransactionRoutes {
    static final String DEFAULT_COLLECTION = "subledger:0";
    static final String TX_HEADER = "x-ms-ccf-transaction-id";
    private static final HeaderName TX_HEADER_NAME = HeaderNames.create(TX_HEADER);
    /** The answer to an append into the default collection, the common case: the same bytes every time. */
    private static final byte[] DEFAULT_COLLECTION_BODY = Json.MAPPER.writeValueAsBytes(
            Map.of("collectionId", DEFAULT_COLLECTION));
    static final String CONTENT_TYPE = "text/plain;charset=utf-8";
    private static final Set<String> API_VERSIONS = Set.of("0.1-preview", "2022-04-20-preview", "2022-05-13",
            "2023-01-18-preview", "2024-01-26-preview", "2024-07-26-preview", "2024-12-09-preview");
    private static final Set<String> BODY_FIELDS = Set.of("contents", "collectionId", "transactionId", "preHooks", "postHooks");
    private static final Pattern TX_ID = Pattern.compile("1\\.([1-9][0-9]{0,17})");

    private final Ledger log;

    AclTransactionRoutes(Ledger log) {
        this.log = log;
    }

    void register(HttpRouting.Builder routing, ServerContext context) {
        routing.post("/app/transactions", (req, res) -> {
            context.require(req, LedgerRoutes.WRITE, LedgerRoutes.RESOURCE);
            apiVersion(req);
            if (req.query().contains("tags")) {
                throw ApiException.badRequest("BadParameter", "Transaction tags are not supported.");
            }
            JsonNode body = context.bodies().readJson(req);
            body.propertyNames().forEach(name -> {
                if (!BODY_FIELDS.contains(name)) {
                    throw ApiException.badRequest("BadParameter", "Unknown field '" + name + "'.");
                }
            });
            JsonNode contents = body.get("contents");
            if (contents == null || !contents.isString()) {
                throw ApiException.badRequest("BadParameter", "Field 'contents' is required and must be a string.");
            }
            for (String hooks : List.of("preHooks", "postHooks")) {
                if (body.has(hooks) && !(body.get(hooks).isArray() && body.get(hooks).isEmpty())) {
                    throw ApiException.badRequest("BadParameter", "User-defined function hooks are not supported.");
                }
            }
            String collection = collection(req);
            long index = call(() -> log.append(new NewEntry(CONTENT_TYPE,
                    contents.asString().getBytes(StandardCharsets.UTF_8), collection)));
            res.header(TX_HEADER_NAME, transactionId(index));
            if (collection == null) {
                res.header(HeaderValues.CONTENT_TYPE_JSON);
                res.send(DEFAULT_COLLECTION_BODY);
            } else {
                LedgerHttp.sendJson(res, Map.of("collectionId", collection));
            }
        });
        routing.get("/app/transactions/current", (req, res) -> {
            context.require(req, LedgerRoutes.READ, LedgerRoutes.RESOURCE);
            apiVersion(req);
            LedgerEntry entry = log.latest(collection(req)).orElseThrow(() -> ApiException.notFound(
                    "TransactionNotFound", "The collection has no entries."));
            res.header(TX_HEADER_NAME, transactionId(entry.index()));
            LedgerHttp.sendJson(res, entryJson(entry));
        });
        routing.get("/app/transactions/{id}", (req, res) -> {
            context.require(req, LedgerRoutes.READ, LedgerRoutes.RESOURCE);
            apiVersion(req);
            LedgerEntry entry = find(req);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("state", "Ready");
            out.put("entry", entryJson(entry));
            LedgerHttp.sendJson(res, out);
        });
        routing.get("/app/transactions/{id}/status", (req, res) -> {
            context.require(req, LedgerRoutes.READ, LedgerRoutes.RESOURCE);
            apiVersion(req);
            LedgerEntry entry = find(req);
            LedgerHttp.sendJson(res, Map.of("state", "Committed", "transactionId", transactionId(entry.index())));
        });
        routing.get("/app/transactions/{id}/receipt", (req, res) -> {
            context.require(req, LedgerRoutes.READ, LedgerRoutes.RESOURCE);
            apiVersion(req);
            LedgerEntry entry = find(req);
            String receipt = call(() -> log.receipt(entry.index())).toJson();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("state", "Ready");
            out.put("transactionId", transactionId(entry.index()));
            out.put("receipt", Json.MAPPER.readTree(receipt));
            send(res, out);
        });
    }

    static String transactionId(long index) {
        return "1." + (index + 1);
    }

    private LedgerEntry find(ServerRequest req) {
        String id = req.path().pathParameters().all("id", List::of).stream().findFirst().orElse("");
        Matcher m = TX_ID.matcher(id);
        if (!m.matches()) {
            throw ApiException.badRequest("InvalidTransactionId",
                    "Transaction ids look like '1.<sequence number>', for example '1.15'.");
        }
        long index = Long.parseLong(m.group(1)) - 1;
        LedgerEntry entry = log.entry(index).orElseThrow(() -> ApiException.notFound("TransactionNotFound",
                "No committed transaction " + id + "."));
        String wanted = collection(req);
        if (req.query().contains("collectionId") && !java.util.Objects.equals(wanted, entry.collectionId())) {
            throw ApiException.notFound("TransactionNotFound", "Transaction " + id + " is not in that collection.");
        }
        return entry;
    }

    private static Map<String, Object> entryJson(LedgerEntry e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contents", new String(e.content(), StandardCharsets.UTF_8));
        out.put("collectionId", e.collectionId() == null ? DEFAULT_COLLECTION : e.collectionId());
        out.put("transactionId", transactionId(e.index()));
        return out;
    }

    /** The collection named by the query, null for the default one. */
    private static String collection(ServerRequest req) {
        String c = LedgerHttp.query(req, "collectionId").orElse(null);
        return c == null || c.equals(DEFAULT_COLLECTION) ? null : c;
    }

    private static void apiVersion(ServerRequest req) {
        String v = LedgerHttp.query(req, "api-version").orElseThrow(() -> ApiException.badRequest(
                "MissingApiVersionParameter", "The api-version query parameter is required (e.g. 2022-05-13)."));
        if (!API_VERSIONS.contains(v)) {
            throw ApiException.badRequest("UnsupportedApiVersion", "api-version '" + v + "' is not supported; use one of "
                    + new java.util.TreeSet<>(API_VERSIONS) + ".");
        }
    }

    private static void send(ServerResponse res, Object body) {
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.MAPPER.writeValueAsBytes(body));
    }
}
