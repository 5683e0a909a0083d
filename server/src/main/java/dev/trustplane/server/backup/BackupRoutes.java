package dev.trustplane.server.backup;

import dev.trustplane.server.ApiRoutes;
import dev.trustplane.server.ServerContext;
import dev.trustplane.server.http.ApiException;
import dev.trustplane.server.kms.KeyVaultHttp;
import dev.trustplane.server.securitydomain.SecurityDomain;
import dev.trustplane.server.securitydomain.SecurityDomainException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /backup}: Managed HSM's full-backup call. Managed HSM writes the backup to an Azure Storage container
 * named in the body; Trustplane has no such dependency and returns the backup file in the answer's {@code value}
 * instead (save it as {@code trustplane backup create --out} would). The job finishes before the 202: {@code status}
 * is already {@code Succeeded}, with Managed HSM's {@code jobId}, {@code startTime} and {@code endTime}. Needs
 * {@code backup/start/action} on {@code /} (Administrator, Managed HSM Administrator, Managed HSM Backup).
 *
 * <p>{@code PUT /restore} and {@code GET /restore/{jobId}/pending}, Managed HSM's full restore and its status, are
 * answered (to callers holding {@code restore/start/action} or {@code restore/status/action}) with a refusal that
 * names the offline path: a full restore replaces the ledger's identity and log under every running replica's
 * in-memory ledger, which only a restart reloads (docs/security-domain.md, "Why restore is offline").
 */
public final class BackupRoutes implements ApiRoutes {
    private static final String START = "Microsoft.KeyVault/managedHsm/backup/start/action";
    private static final String RESTORE_START = "Microsoft.KeyVault/managedHsm/restore/start/action";
    private static final String RESTORE_STATUS = "Microsoft.KeyVault/managedHsm/restore/status/action";
    static final String OFFLINE_RESTORE = "A full restore runs offline: the running server's ledger keeps its signing "
            + "identity and the log's right edge in memory, and a restore replaces both, on this and every other replica. "
            + "Stop every replica, run 'trustplane backup restore FILE' (with --force over a live store) on one host, copy "
            + "that host's data dir to the other replicas, and start them again (docs/security-domain.md, 'Why restore "
            + "is offline').";
    private final SecurityDomain domain;

    public BackupRoutes(SecurityDomain domain) {
        this.domain = domain;
    }

    @Override
    public void register(HttpRouting.Builder routing, ServerContext context) {
        routing.post("/backup", (req, res) -> {
            context.require(req, START, "/");
            Instant start = Instant.now();
            byte[] file;
            try {
                file = FullBackup.create(context.store(), domain.masterKey(), domain.domainId());
            } catch (SecurityDomainException e) {
                throw new ApiException(Status.SERVICE_UNAVAILABLE_503, "ServiceUnavailable", e.getMessage());
            } catch (BackupException e) {
                throw new ApiException(Status.INTERNAL_SERVER_ERROR_500, "InternalError", e.getMessage());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "Succeeded");
            body.put("statusDetails", "The full backup was created.");
            body.put("jobId", UUID.randomUUID().toString().replace("-", ""));
            body.put("startTime", start.getEpochSecond());
            body.put("endTime", Instant.now().getEpochSecond());
            body.put("value", new String(file, StandardCharsets.UTF_8));
            res.header(HeaderNames.RETRY_AFTER, "0");
            KeyVaultHttp.send(res, Status.ACCEPTED_202, body);
        });
        // Refused after authorization, so that only those allowed to restore learn how; 409 as Managed HSM answers a
        // restore it cannot start in its current state.
        routing.put("/restore", (req, res) -> {
            context.require(req, RESTORE_START, "/");
            throw new ApiException(Status.CONFLICT_409, "OfflineRestoreRequired", OFFLINE_RESTORE);
        });
        routing.get("/restore/{jobId}/pending", (req, res) -> {
            context.require(req, RESTORE_STATUS, "/");
            throw ApiException.notFound("JobNotFound", "No restore job runs on this server: " + OFFLINE_RESTORE);
        });
    }
}
