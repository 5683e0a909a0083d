package dev.trustplane.server.kms;

import dev.trustplane.kms.Kms;
import dev.trustplane.server.ServerContext;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Handlers under {@code /deletedkeys}: list, get, purge ({@code DELETE} → 204) and recover. */
final class DeletedKeyHandlers {
    private final Kms kms;
    private final ServerContext context;

    DeletedKeyHandlers(Kms kms, ServerContext context) {
        this.kms = kms;
        this.context = context;
    }

    void handle(ServerRequest req, ServerResponse res, String[] seg) {
        Method method = req.prologue().method();
        if (seg.length == 0) {
            if (method != Method.GET) {
                throw KeysRoutes.methodNotAllowed(req);
            }
            context.require(req, Actions.DELETED_READ, "/keys");
            Paging.send(req, res, kms.listDeleted(Paging.token(req), Paging.maxResults(req)), KeyJson::deletedItem,
                    "/deletedkeys");
            return;
        }
        String name = seg[0];
        String resource = "/keys/" + name;
        if (name.isEmpty() || seg.length > 2) {
            throw KeysRoutes.noSuchPath(req);
        }
        if (seg.length == 2 && seg[1].equals("recover")) {
            if (method != Method.POST) {
                throw KeysRoutes.methodNotAllowed(req);
            }
            context.require(req, Actions.RECOVER, resource);
            KeyVaultHttp.send(res, Status.OK_200, KeyJson.bundle(KeyVaultHttp.base(req), kms.recover(name)));
            return;
        }
        if (seg.length == 2 && !seg[1].isEmpty()) {
            throw KeysRoutes.noSuchPath(req);
        }
        if (method == Method.GET) {
            context.require(req, Actions.DELETED_READ, resource);
            KeyVaultHttp.send(res, Status.OK_200, KeyJson.deleted(KeyVaultHttp.base(req), kms.getDeleted(name)));
        } else if (method == Method.DELETE) {
            context.require(req, Actions.PURGE, resource);
            kms.purge(name);
            res.status(Status.NO_CONTENT_204);
            res.send();
        } else {
            throw KeysRoutes.methodNotAllowed(req);
        }
    }
}
