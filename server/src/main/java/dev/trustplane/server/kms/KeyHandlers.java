package dev.trustplane.server.kms;

import dev.trustplane.kms.CryptoRequest;
import dev.trustplane.kms.CryptoResult;
import dev.trustplane.kms.KeyBundle;
import dev.trustplane.kms.KeyMaterial;
import dev.trustplane.kms.Kms;
import dev.trustplane.kms.SignatureAlgorithm;
import dev.trustplane.server.ServerContext;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Handlers under {@code /keys}: management (create, import, get, list, update, delete) and crypto operations. */
final class KeyHandlers {
    private static final Set<String> OPERATIONS = Set.of("sign", "verify", "encrypt", "decrypt", "wrapkey", "unwrapkey");

    private final Kms kms;
    private final ServerContext context;
    private final KeyAdminHandlers admin;
    private final ReleaseHandlers release;

    KeyHandlers(Kms kms, ServerContext context, ReleaseHandlers release) {
        this.kms = kms;
        this.context = context;
        this.admin = new KeyAdminHandlers(kms, context);
        this.release = release;
    }

    void handle(ServerRequest req, ServerResponse res, String[] seg) {
        Method method = req.prologue().method();
        if (seg.length == 0) {
            requireMethod(req, Method.GET);
            context.require(req, Actions.READ, "/keys");
            Paging.send(req, res, kms.list(Paging.token(req), Paging.maxResults(req)), KeyJson::item, "/keys");
            return;
        }
        String name = seg[0];
        if (name.isEmpty() || seg.length > 3) {
            throw KeysRoutes.noSuchPath(req);
        }
        String resource = "/keys/" + name;
        if (seg.length == 1 && name.equals("restore") && method == Method.POST) {
            admin.restore(req, res);
            return;
        }
        if (seg.length >= 2 && seg[seg.length - 1].equals("release") && !seg[1].isEmpty()) {
            if (release == null) {
                throw KeysRoutes.noSuchPath(req);
            }
            release.handle(req, res, name, seg.length == 3 ? seg[1] : null);
            return;
        }
        if (seg.length == 2 && KeyAdminHandlers.PATHS.contains(seg[1])) {
            admin.handle(req, res, name, seg[1]);
            return;
        }
        if (seg.length == 1 || (seg.length == 2 && seg[1].isEmpty())) {
            if (method == Method.GET) {
                get(req, res, resource, name, null);
            } else if (method == Method.PATCH) {
                update(req, res, resource, name, null);
            } else if (method == Method.PUT && seg.length == 1) {
                importKey(req, res, resource, name);
            } else if (method == Method.DELETE && seg.length == 1) {
                context.require(req, Actions.DELETE, resource);
                KeyVaultHttp.send(res, Status.OK_200, KeyJson.deleted(KeyVaultHttp.base(req), kms.delete(name)));
            } else {
                throw KeysRoutes.methodNotAllowed(req);
            }
            return;
        }
        if (seg.length == 3) {
            operation(req, res, resource, name, seg[1], seg[2]);
            return;
        }
        switch (seg[1]) {
            case "create" -> {
                requireMethod(req, Method.POST);
                context.require(req, Actions.CREATE, resource);
                var options = KeyRequests.create(context.bodies().readJson(req));
                sendBundle(req, res, kms.create(name, options));
            }
            case "versions" -> {
                requireMethod(req, Method.GET);
                context.require(req, Actions.READ, resource);
                Paging.send(req, res, kms.listVersions(name, Paging.token(req), Paging.maxResults(req)), KeyJson::versionItem,
                        resource + "/versions");
            }
            default -> {
                if (OPERATIONS.contains(seg[1])) {
                    operation(req, res, resource, name, null, seg[1]);
                } else if (method == Method.GET) {
                    get(req, res, resource, name, seg[1]);
                } else if (method == Method.PATCH) {
                    update(req, res, resource, name, seg[1]);
                } else {
                    throw KeysRoutes.methodNotAllowed(req);
                }
            }
        }
    }

    private void get(ServerRequest req, ServerResponse res, String resource, String name, String version) {
        context.require(req, Actions.READ, resource);
        sendBundle(req, res, kms.get(name, version));
    }

    private void update(ServerRequest req, ServerResponse res, String resource, String name, String version) {
        context.require(req, Actions.WRITE, resource);
        var update = KeyRequests.update(context.bodies().readJson(req));
        sendBundle(req, res, kms.update(name, version, update));
    }

    private void importKey(ServerRequest req, ServerResponse res, String resource, String name) {
        context.require(req, Actions.IMPORT, resource);
        JsonNode body = context.bodies().readJson(req);
        try (KeyMaterial material = KeyRequests.material(body)) {
            var settings = KeyRequests.importSettings(body);
            sendBundle(req, res, kms.importKey(name, material, KeyRequests.hsm(body), settings));
        }
    }

    private void operation(ServerRequest req, ServerResponse res, String resource, String name, String version, String op) {
        requireMethod(req, Method.POST);
        if (!OPERATIONS.contains(op)) {
            throw KeysRoutes.noSuchPath(req);
        }
        context.require(req, switch (op) {
            case "sign" -> Actions.SIGN;
            case "verify" -> Actions.VERIFY;
            case "encrypt" -> Actions.ENCRYPT;
            case "decrypt" -> Actions.DECRYPT;
            case "wrapkey" -> Actions.WRAP;
            default -> Actions.UNWRAP;
        }, resource);
        context.audit().expectingRecord(() -> perform(req, res, name, version, op));
    }

    /** Runs a permitted crypto operation; the KMS records it on the ledger before the answer goes out. */
    private void perform(ServerRequest req, ServerResponse res, String name, String version, String op) {
        JsonNode body = context.bodies().readJson(req);
        String base = KeyVaultHttp.base(req);
        switch (op) {
            case "sign" -> {
                KeyRequests.only(body, KeyRequests.SIGN, "");
                var alg = SignatureAlgorithm.fromWire(KeyRequests.required(body, "alg"));
                CryptoResult out = kms.sign(name, version, alg, KeyRequests.requiredBytes(body, "value"));
                KeyVaultHttp.send(res, Status.OK_200, KeyJson.result(base, out, false));
            }
            case "verify" -> {
                KeyRequests.only(body, KeyRequests.VERIFY, "");
                var alg = SignatureAlgorithm.fromWire(KeyRequests.required(body, "alg"));
                boolean ok = kms.verify(name, version, alg, KeyRequests.requiredBytes(body, "digest"),
                        KeyRequests.requiredBytes(body, "value")).valid();
                KeyVaultHttp.send(res, Status.OK_200, Map.of("value", ok));
            }
            default -> {
                CryptoRequest request = KeyRequests.crypto(body);
                CryptoResult out = switch (op) {
                    case "encrypt" -> kms.encrypt(name, version, request);
                    case "decrypt" -> kms.decrypt(name, version, request);
                    case "wrapkey" -> kms.wrapKey(name, version, request);
                    default -> kms.unwrapKey(name, version, request);
                };
                KeyVaultHttp.send(res, Status.OK_200, KeyJson.result(base, out, op.equals("encrypt")));
            }
        }
    }

    private static void sendBundle(ServerRequest req, ServerResponse res, KeyBundle bundle) {
        KeyVaultHttp.send(res, Status.OK_200, KeyJson.bundle(KeyVaultHttp.base(req), bundle));
    }

    private static void requireMethod(ServerRequest req, Method method) {
        if (req.prologue().method() != method) {
            throw KeysRoutes.methodNotAllowed(req);
        }
    }
}
