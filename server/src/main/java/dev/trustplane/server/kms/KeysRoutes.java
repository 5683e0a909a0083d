package dev.trustplane.server.kms;

import dev.trustplane.kms.Kms;
import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.server.ApiRoutes;
import dev.trustplane.server.ServerContext;
import dev.trustplane.server.http.ApiException;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import com.nimbusds.jose.jwk.JWKSet;
import dev.trustplane.kms.release.LocalSigningKeys;
import dev.trustplane.kms.release.NonceRegistry;
import dev.trustplane.kms.release.OpenIdSigningKeys;
import dev.trustplane.kms.release.SigningKeys;
import dev.trustplane.kms.release.TokenVerifier;
import dev.trustplane.kms.release.TrustedAuthority;
import dev.trustplane.ledger.DecisionLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import dev.trustplane.server.servicekeys.ServiceKeys;
import java.util.function.Function;

/**
 * The Key Vault / Managed HSM keys data plane at the server root: {@code /keys...}, {@code /deletedkeys...},
 * {@code /rng}. Routes only adapt HTTP to {@link Kms}.
 *
 * <p>Paths are dispatched by hand rather than by route patterns because Key Vault's shapes overlap and
 * its SDKs rely on details patterns get wrong: {@code GET /keys/{name}/} (trailing slash) is the latest
 * version, {@code /keys/{name}/versions} is a listing not a version, and crypto operations may come with or
 * without a version segment. Every call checks, in order: api-version (400), authorization with Managed
 * HSM's data action for the operation on {@code /keys/{name}} (403), then the body.
 */
public final class KeysRoutes implements ApiRoutes {
    private final Function<ServerContext, Kms> opener;
    private final Optional<Release> release;
    private volatile Kms kms;

    /**
     * What secure key release needs besides the KMS.
     *
     * @param dataDir the data dir (its development CA certifies the release signing key)
     * @param serviceKeys where the release signing key lives
     * @param ownSigningKeys this server's attestation token signing keys, trusted out of the box
     * @param authorities external attestation services also trusted
     * @param acceptSimulated whether tokens attesting simulated evidence are accepted (serve --trust simulated)
     * @param log where every release and denial is recorded
     */
    public record Release(Path dataDir, ServiceKeys serviceKeys, Supplier<JWKSet> ownSigningKeys, List<TrustedAuthority> authorities,
            boolean acceptSimulated, DecisionLog log) {}

    /** Routes over a KMS the caller opened, without secure key release (its route answers 404). */
    public KeysRoutes(Kms kms) {
        this(kms, null);
    }

    /** Routes over a KMS the caller opened, with secure key release when {@code release} is not null. */
    public KeysRoutes(Kms kms, Release release) {
        Objects.requireNonNull(kms, "kms");
        this.opener = context -> kms;
        this.release = Optional.ofNullable(release);
    }

    /** Routes that open the KMS on the server's store when registered (migrating its tables). */
    public KeysRoutes(MasterKeyProvider masterKey, KmsConfig config) {
        this.opener = context -> Kms.open(context.store(), masterKey, config, context.clock());
        this.release = Optional.empty();
    }

    /** The KMS, once registered. */
    public Kms kms() {
        return Objects.requireNonNull(kms, "routes are not registered yet");
    }

    @Override
    public void register(HttpRouting.Builder routing, ServerContext context) {
        Kms opened = kms = opener.apply(context);
        var keys = new KeyHandlers(opened, context, release.map(r -> releaseHandlers(opened, r, context)).orElse(null));
        var deleted = new DeletedKeyHandlers(opened, context);
        routing.any("/keys", (req, res) -> dispatch(req, res, () -> keys.handle(req, res, segments(req, "/keys"))));
        routing.any("/keys/{+rest}", (req, res) -> dispatch(req, res, () -> keys.handle(req, res, segments(req, "/keys"))));
        routing.any("/deletedkeys", (req, res) -> dispatch(req, res, () -> deleted.handle(req, res, segments(req, "/deletedkeys"))));
        routing.any("/deletedkeys/{+rest}",
                (req, res) -> dispatch(req, res, () -> deleted.handle(req, res, segments(req, "/deletedkeys"))));
        routing.any("/rng", (req, res) -> dispatch(req, res, () -> {
            if (req.prologue().method() != Method.POST) {
                throw methodNotAllowed(req);
            }
            context.require(req, Actions.RNG, "/");
            var body = context.bodies().readJson(req);
            KeyRequests.only(body, java.util.Set.of("count"), "");
            var count = body.get("count");
            if (count == null || !count.canConvertToInt() || !count.isIntegralNumber()) {
                throw KeyRequests.bad("The 'count' parameter is required: an integer from 1 to 128.");
            }
            KeyVaultHttp.send(res, Status.OK_200, java.util.Map.of("value", KeyJson.b64(opened.random(count.asInt()))));
        }));
    }

    private static ReleaseHandlers releaseHandlers(Kms kms, Release r, ServerContext context) {
        try {
            List<SigningKeys> sources = new ArrayList<>();
            sources.add(new LocalSigningKeys(r.ownSigningKeys()));
            for (TrustedAuthority authority : r.authorities()) {
                sources.add(new OpenIdSigningKeys(authority, context.clock()));
            }
            var verifier = new TokenVerifier(sources, context.clock(), r.acceptSimulated());
            var releases = new KeyReleases(kms, verifier, ReleaseSigning.loadOrCreate(r.dataDir(), r.serviceKeys()),
                    new NonceRegistry(context.store(), context.clock()), r.log());
            return new ReleaseHandlers(releases, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path after {@code prefix} split on '/', keeping empty segments: "/keys/a/" → ["a", ""]; "/keys" → []. */
    static String[] segments(ServerRequest req, String prefix) {
        String rest = req.path().path().substring(prefix.length());
        return rest.isEmpty() ? new String[0] : rest.substring(1).split("/", -1);
    }

    private static void dispatch(ServerRequest req, ServerResponse res, KeyVaultHttp.Call call) {
        KeyVaultHttp.apiVersion(req);
        AuditedKms.asCaller(req, () -> KeyVaultHttp.translate(req, call));
    }

    static ApiException methodNotAllowed(ServerRequest req) {
        return new ApiException(Status.METHOD_NOT_ALLOWED_405, "MethodNotAllowed",
                "The method " + req.prologue().method().text() + " is not allowed on " + req.path().path() + ".");
    }

    static ApiException noSuchPath(ServerRequest req) {
        return ApiException.notFound("NotFound", "No API at " + req.prologue().method().text() + " " + req.path().path() + ".");
    }
}
