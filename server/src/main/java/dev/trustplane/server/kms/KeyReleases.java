package dev.trustplane.server.kms;

import dev.trustplane.kms.KeyBundle;
import dev.trustplane.kms.Kms;
import dev.trustplane.kms.ReleasePolicy;
import dev.trustplane.kms.SecretBytes;
import dev.trustplane.kms.release.Digests;
import dev.trustplane.kms.release.FailedCondition;
import dev.trustplane.kms.release.InvalidReleasePolicyException;
import dev.trustplane.kms.release.KeyHsmEnvelope;
import dev.trustplane.kms.release.KeyReleasePolicy;
import dev.trustplane.kms.release.NonceRegistry;
import dev.trustplane.kms.release.ReleaseEncryption;
import dev.trustplane.kms.release.ReleaseException;
import dev.trustplane.kms.release.ReleaseSigner;
import dev.trustplane.kms.release.ReleaseVerdict;
import dev.trustplane.kms.release.TokenVerifier;
import dev.trustplane.kms.release.TransferKey;
import dev.trustplane.kms.release.VerifiedToken;
import dev.trustplane.ledger.DecisionLog;
import dev.trustplane.ledger.DecisionRecord;
import dev.trustplane.server.http.ApiException;
import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Secure key release, start to finish: check the key may be released at all (exportable, with a policy), verify
 * the attestation token, evaluate the key's release policy over its claims, pick the workload's transfer key,
 * check the nonce, record the decision, and only then unseal, wrap and sign.
 *
 * <p>Every decision about a token that verified — release or denial — is appended to the decision log before the
 * answer; a release whose record cannot be written does not happen (503). Requests refused before a decision
 * is possible (malformed body, unknown key, unverifiable token) are recorded too when they concern an existing
 * key, so the ledger shows attempts, not only successes. Dry runs evaluate the same way, release nothing, and
 * are not recorded.
 *
 * <p>Nonce: when the request carries one, the token must carry the same value (its {@code nonce} claim, or
 * {@code x-ms-runtime.client-payload.nonce} as Azure's guest attestation puts it), and each nonce releases once:
 * a replayed request is denied. Key Vault leaves this comparison undocumented; binding it is what makes the
 * nonce a freshness proof.
 */
final class KeyReleases {
    /** Response header with the ledger index of the decision, for {@code GET /ledger/entries/{index}/receipt}. */
    static final String LEDGER_HEADER = "x-trustplane-ledger-entry";

    private final Kms kms;
    private final TokenVerifier verifier;
    private final ReleaseSigner signer;
    private final NonceRegistry nonces;
    private final DecisionLog log;
    private static final int POLICY_CACHE = 1024;
    private final java.util.concurrent.ConcurrentHashMap<String, KeyReleasePolicy> policies =
            new java.util.concurrent.ConcurrentHashMap<>();

    KeyReleases(Kms kms, TokenVerifier verifier, ReleaseSigner signer, NonceRegistry nonces, DecisionLog log) {
        this.kms = kms;
        this.verifier = verifier;
        this.signer = signer;
        this.nonces = nonces;
        this.log = log;
    }

    /** A parsed release request body. */
    record Request(String target, Optional<String> nonce, ReleaseEncryption enc) {}

    /** The signed response and the ledger index of its record. */
    record Released(String jws, long ledgerIndex) {}

    /** The outcome of a dry run. */
    record DryRun(boolean allowed, String explanation, Optional<FailedCondition> failed, Optional<String> transferKid) {}

    Released release(String name, String version, Request request, String base, String apiVersion, String caller) {
        // One read of the version for the decision and the export (see Kms#releasable).
        Kms.Releasable releasable = kms.releasable(name, version);
        KeyBundle bundle = releasable.bundle();
        var record = new Record(bundle, request, caller);
        try {
            Evaluation e = evaluate(bundle, request, record);
            if (!e.verdict().allowed()) {
                throw ReleaseException.denied("The key's release policy denied the attestation token: "
                        + e.verdict().explanation());
            }
            TransferKey transfer = TransferKey.select(e.token().claims());
            record.transferKid = transfer.kid();
            checkNonce(request, e.token());
            long index = record.write("released", "the release policy is satisfied: " + e.verdict().explanation());
            String keyHsm;
            try (SecretBytes material = releasable.export()) {
                byte[] plain = material.copy();
                try {
                    keyHsm = KeyHsmEnvelope.seal(transfer.key(), transfer.kid(), request.enc(), plain);
                } finally {
                    java.util.Arrays.fill(plain, (byte) 0);
                }
            }
            return new Released(signer.sign(payload(base, apiVersion, bundle, request, keyHsm)), index);
        } catch (ReleaseException e) {
            if (!record.written) {
                record.write("denied", e.getMessage());
            }
            throw e;
        }
    }

    DryRun dryRun(String name, String version, Request request) {
        KeyBundle bundle = kms.get(name, version);
        Evaluation e = evaluate(bundle, request, new Record(bundle, request, "dry-run"));
        Optional<String> transfer = Optional.empty();
        if (e.verdict().allowed()) {
            transfer = Optional.of(TransferKey.select(e.token().claims()).kid());
        }
        return new DryRun(e.verdict().allowed(), e.verdict().explanation(), e.verdict().firstFailure(), transfer);
    }

    private record Evaluation(VerifiedToken token, ReleaseVerdict verdict) {}

    private Evaluation evaluate(KeyBundle bundle, Request request, Record record) {
        if (!bundle.attributes().exportable()) {
            throw ReleaseException.denied("The key " + bundle.name() + " is not exportable, so it cannot be released.");
        }
        if (!bundle.attributes().enabled()) {
            throw ReleaseException.denied("The key version is disabled and cannot be released.");
        }
        ReleasePolicy stored = bundle.releasePolicy().orElseThrow(
                () -> ReleaseException.denied("The key " + bundle.name() + " has no release policy."));
        record.policySha256 = Digests.sha256Hex(stored.data());
        KeyReleasePolicy policy;
        try {
            policy = parsedPolicy(record.policySha256, stored.data());
        } catch (InvalidReleasePolicyException e) {
            throw ReleaseException.denied("The key's release policy is not valid (" + e.getMessage()
                    + "); update it before releasing.");
        }
        VerifiedToken token = verifier.verify(request.target());
        record.token = token;
        return new Evaluation(token, policy.evaluate(token.issuer(), token.claims()));
    }

    /**
     * Parsed policies by the SHA-256 of their document: a key's policy changes rarely and parsing it is a visible
     * share of a release's CPU. The digest is the cache key, so a changed policy is parsed afresh; the map is
     * cleared when it grows past {@value #POLICY_CACHE} entries.
     */
    private KeyReleasePolicy parsedPolicy(String sha256, byte[] document) {
        KeyReleasePolicy cached = policies.get(sha256);
        if (cached != null) {
            return cached;
        }
        KeyReleasePolicy parsed = KeyReleasePolicy.parse(document);
        if (policies.size() >= POLICY_CACHE) {
            policies.clear();
        }
        policies.put(sha256, parsed);
        return parsed;
    }

    private void checkNonce(Request request, VerifiedToken token) {
        if (request.nonce().isEmpty()) {
            return;
        }
        String nonce = request.nonce().get();
        if (!nonce.equals(text(token.claims().get("nonce")))
                && !nonce.equals(text(token.claims().path("x-ms-runtime").path("client-payload").get("nonce")))) {
            throw ReleaseException.denied("The request's nonce is not the nonce the attestation token carries "
                    + "(claim 'nonce' or 'x-ms-runtime.client-payload.nonce').");
        }
        if (!nonces.claim(nonce, token.expires().plus(TokenVerifier.SKEW))) {
            throw ReleaseException.denied("The nonce was already used for a release (a replayed request).");
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }

    /** Key Vault's payload: {@code {request:{api-version,enc,kid,nonce}, response:{key: KeyBundle + key_hsm}}}. */
    private static Map<String, Object> payload(String base, String apiVersion, KeyBundle bundle, Request request,
            String keyHsm) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("api-version", apiVersion);
        req.put("enc", request.enc().name());
        req.put("kid", KeyJson.kid(base, bundle.name(), bundle.version()));
        request.nonce().ifPresent(n -> req.put("nonce", n));
        Map<String, Object> key = KeyJson.bundle(base, bundle);
        @SuppressWarnings("unchecked")
        Map<String, Object> jwk = new LinkedHashMap<>((Map<String, Object>) key.get("key"));
        jwk.put("key_hsm", keyHsm);
        key.put("key", jwk);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("request", req);
        out.put("response", Map.of("key", key));
        return out;
    }

    /** The decision record of one release call, written once. */
    private final class Record {
        private final KeyBundle bundle;
        private final Request request;
        private final String caller;
        private VerifiedToken token;
        private String policySha256;
        private String transferKid;
        private boolean written;

        Record(KeyBundle bundle, Request request, String caller) {
            this.bundle = bundle;
            this.request = request;
            this.caller = caller;
        }

        long write(String verdict, String reason) {
            written = true;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("key", bundle.name());
            f.put("version", bundle.version());
            f.put("enc", request.enc().name());
            f.put("policySha256", policySha256);
            f.put("tokenIssuer", token == null ? null : token.issuer());
            f.put("tokenJti", token == null ? null : token.jti().orElse(null));
            f.put("tokenSha256", token == null ? Digests.sha256Hex(request.target()) : token.sha256());
            f.put("transferKid", transferKid);
            f.put("nonceSha256", request.nonce().map(Digests::sha256Hex).orElse(null));
            f.put("verdict", verdict);
            f.put("reason", reason.length() > 1000 ? reason.substring(0, 1000) + "…" : reason);
            f.put("caller", caller);
            f.values().removeIf(java.util.Objects::isNull);
            try {
                return log.append(new DecisionRecord("key.release", f));
            } catch (RuntimeException e) {
                throw new ApiException(Status.SERVICE_UNAVAILABLE_503, "DecisionLogUnavailable",
                        "The release decision could not be recorded, so nothing is released; retry later.");
            }
        }
    }
}
