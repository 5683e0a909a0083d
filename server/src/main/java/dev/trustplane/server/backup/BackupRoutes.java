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
 * is already {@code Succeeded}, with Managed HSM's {@code jobId}, {@code startTime} and {@code endTime}. Restores run
 * offline ({@code trustplane backup restore}) on a stopped server. Needs {@code backup/start/action} on {@code /}
 * (Administrator, Managed HSM Administrator, Managed HSM Backup).
 */
public final class BackupRoutes implements ApiRoutes {
    private static final String START = "Microsoft.KeyVault/managedHsm/backup/start/action";
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
    }
}
