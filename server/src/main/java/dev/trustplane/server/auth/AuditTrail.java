package dev.trustplane.server.auth;

import dev.trustplane.ledger.DecisionLog;
import dev.trustplane.ledger.DecisionRecord;
import dev.trustplane.server.http.ApiException;
import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the server's routes put what callers did and were refused on the ledger, through the same
 * {@link DecisionLog} as attestation verdicts and key releases. Two kinds of record, with two failure rules:
 *
 * <ul>
 *   <li>{@link #used}: a key used (sign, decrypt, …). If the ledger cannot take the record the result is withheld:
 *       503 {@code DecisionLogUnavailable} and the operator's ERROR line.
 *   <li>{@link #changed}: a change that has happened (a key created, a role assigned). If the ledger cannot take
 *       the record the change nevertheless stands, so the caller gets 503 {@code DecisionLogUnavailable} saying so
 *       and the operator an ERROR line with the same facts, to reconcile — an unrecorded change is never silent.
 *   <li>{@link #refused}: a request turned down (403, or a refused write). Nothing changed, so if the ledger cannot
 *       take the record the refusal still stands unchanged and the operator gets the ERROR line.
 * </ul>
 *
 * <p><b>Authorization refusals</b> ({@link #forbidden}, called for every 403 of {@code ServerContext.require}) are
 * {@code {"type": "access.refused", "caller", "callerRole", "action", "resource", "keyName", "outcome":
 * "Forbidden"}}. They come only from authenticated callers: a request without an acceptable token is answered 401
 * before any route runs and is not recorded (it names no principal, and the 401 path is throttled per address
 * instead, see {@code FailureLimiter}). Growth is one append of bounded size per refused request — the resource
 * is cut to {@value #MAX_TEXT} characters — the same cost as one successful lifecycle operation, so a flood of
 * 403s grows the ledger no faster than the same flood of permitted writes would.
 *
 * <p>Never key material, tokens or request bodies: callers pass identifiers, names and hashes.
 */
public final class AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    /** The longest caller-supplied text (resource path, name) a record carries. */
    public static final int MAX_TEXT = 200;
    private static final Pattern KEY_RESOURCE = Pattern.compile("/keys/([0-9a-zA-Z-]{1,127})(?:/.*)?");

    private final DecisionLog log;

    public AuditTrail(DecisionLog log) {
        this.log = log;
    }

    /** Records that {@code caller} was refused {@code action} on {@code resource} (a 403). */
    public void forbidden(Principal caller, String action, String resource) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.putAll(caller(caller));
        fields.put("action", action);
        fields.put("resource", bounded(resource));
        Matcher key = KEY_RESOURCE.matcher(resource);
        fields.put("keyName", key.matches() ? key.group(1) : null);
        fields.put("outcome", "Forbidden");
        refused("access.refused", fields);
    }

    /** Appends the record of a refusal; when the ledger cannot take it, logs ERROR and returns. */
    public void refused(String type, Map<String, Object> fields) {
        try {
            log.append(new DecisionRecord(type, fields));
        } catch (RuntimeException e) {
            LOG.error("audit record of a refusal NOT written to the ledger: {} {}: {}", type, fields, e.toString());
        }
    }

    /**
     * Appends the record of a change that has happened.
     *
     * @param operation what was done, for the caller's error message (e.g. "create")
     * @throws ApiException 503 DecisionLogUnavailable when the ledger cannot take the record
     */
    public void changed(String type, Map<String, Object> fields, String operation) {
        appendOrUnavailable(type, fields, "The " + operation
                + " operation was carried out but could not be recorded in the ledger; the operator has been told.");
    }

    /**
     * Appends the record of a key use (a signature, a decryption) before its result leaves the server.
     *
     * @throws ApiException 503 DecisionLogUnavailable when the ledger cannot take the record: the result is withheld
     */
    public void used(String type, Map<String, Object> fields, String operation) {
        appendOrUnavailable(type, fields, "The " + operation
                + " operation could not be recorded in the ledger, so its result is withheld; the operator has been told.");
    }

    /**
     * Runs {@code request}, which will append one record, telling the ledger to expect it so that the record joins
     * a fuller batch (see {@code DecisionLog#expectingAppend}).
     */
    public void expectingRecord(Runnable request) {
        log.expectingAppend(request);
    }

    private void appendOrUnavailable(String type, Map<String, Object> fields, String message) {
        try {
            log.append(new DecisionRecord(type, fields));
        } catch (RuntimeException e) {
            LOG.error("audit record NOT written to the ledger: {} {}: {}", type, fields, e.toString());
            throw new ApiException(Status.SERVICE_UNAVAILABLE_503, "DecisionLogUnavailable", message);
        }
    }

    /** {@code caller} (the token's public id, or {@code system}) and {@code callerRole} of a record. */
    public static Map<String, Object> caller(Principal principal) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("caller", principal == null ? "system" : principal.id());
        fields.put("callerRole", principal == null ? null : principal.role());
        return fields;
    }

    /** Caller-supplied text made safe and small for a record: printable ASCII, at most {@value #MAX_TEXT} chars. */
    public static String bounded(String text) {
        if (text == null) {
            return null;
        }
        String cut = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
        return cut.replaceAll("[^\\x20-\\x7E…]", "?");
    }
}
