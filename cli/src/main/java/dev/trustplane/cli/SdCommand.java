package dev.trustplane.cli;

import dev.trustplane.common.SecureFiles;
import dev.trustplane.server.http.Json;
import dev.trustplane.server.securitydomain.DomainBlob;
import dev.trustplane.server.securitydomain.OfficerKey;
import dev.trustplane.server.securitydomain.OfflineShares;
import dev.trustplane.server.securitydomain.RestoreValue;
import dev.trustplane.server.securitydomain.SecurityDomainException;
import dev.trustplane.server.tls.Pem;
import dev.trustplane.server.tls.TlsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code trustplane sd ...}: the officers' offline side of the security domain (docs/security-domain.md). Nothing
 * here talks to a server; the files produced are the bodies of {@code POST /securitydomain/download} and
 * {@code POST /securitydomain/upload}. Exit 0 done, 2 bad input (named).
 */
@Command(name = "sd", mixinStandardHelpOptions = true,
        description = "Security domain: prepare a download body, decrypt an officer's share, assemble an upload.",
        subcommands = {SdCommand.DownloadBody.class, SdCommand.DecryptShare.class, SdCommand.RestoreValueCommand.class})
final class SdCommand {

    @Command(name = "download-body", mixinStandardHelpOptions = true,
            description = "Print the POST /securitydomain/download body for the officers' certificates (PEM).")
    static final class DownloadBody implements Callable<Integer> {
        @Option(names = "--required", required = true, paramLabel = "M", description = "Quorum: shares needed to recover (2..N).")
        int required;

        @Parameters(arity = "2..10", paramLabel = "CERT", description = "Each officer's RSA certificate (PEM), 2 to 10.")
        List<Path> certificates;

        @Override
        public Integer call() throws UsageException {
            var body = Json.MAPPER.createObjectNode();
            var list = body.putArray("certificates");
            for (Path file : certificates) {
                List<X509Certificate> certs;
                try {
                    certs = Pem.readCertificates(file);
                } catch (TlsException e) {
                    throw new UsageException(e.getMessage());
                }
                list.add(Json.MAPPER.valueToTree(run(() -> OfficerKey.jwkOf(certs.getFirst()))));
            }
            body.put("required", required);
            System.out.println(body.toPrettyString());
            return 0;
        }
    }

    @Command(name = "decrypt-share", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Decrypt this officer's share of a security domain and encrypt it to a recovering server's "
                    + "exchange key (from GET /securitydomain/upload). Run it on the officer's own machine."})
    static final class DecryptShare implements Callable<Integer> {
        @Option(names = "--blob", required = true, paramLabel = "FILE", description = "The downloaded security domain (the download answer or its value).")
        Path blob;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The officer's RSA private key (unencrypted PEM).")
        Path key;

        @Option(names = "--exchange-key", required = true, paramLabel = "FILE", description = "The GET /securitydomain/upload answer (or its transfer_key JWK).")
        Path exchangeKey;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the re-encrypted share (must not exist).")
        Path out;

        @Override
        public Integer call() throws IOException, UsageException {
            PrivateKey officer;
            try {
                officer = Pem.readPrivateKey(key);
            } catch (TlsException e) {
                throw new UsageException(e.getMessage());
            }
            if (!(officer instanceof RSAPrivateCrtKey rsa)) {
                throw new UsageException(key + " is not an RSA private key");
            }
            JsonNode blobJson = readJson(blob);
            DomainBlob domain = run(() -> DomainBlob.parse(blobJson, blob.toString()));
            JsonNode exchange = readJson(exchangeKey);
            String share = run(() -> OfflineShares.reencrypt(domain, rsa, exchange));
            SecureFiles.createNew(out, share + "\n", SecureFiles.OWNER_ONLY);
            System.out.println("wrote the share of security domain " + domain.domainId() + " for the exchange key to " + out);
            return 0;
        }
    }

    @Command(name = "restore-value", mixinStandardHelpOptions = true,
            description = "Write the POST /securitydomain/upload body from the blob and the officers' re-encrypted shares.")
    static final class RestoreValueCommand implements Callable<Integer> {
        @Option(names = "--blob", required = true, paramLabel = "FILE", description = "The downloaded security domain.")
        Path blob;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the upload body (must not exist).")
        Path out;

        @Parameters(arity = "1..10", paramLabel = "SHARE", description = "Shares written by sd decrypt-share.")
        List<Path> shares;

        @Override
        public Integer call() throws IOException, UsageException {
            JsonNode blobJson = readJson(blob);
            DomainBlob domain = run(() -> DomainBlob.parse(blobJson, blob.toString()));
            List<String> jwes = new ArrayList<>();
            for (Path share : shares) {
                jwes.add(Files.readString(share, StandardCharsets.US_ASCII).strip());
            }
            if (jwes.size() < domain.required()) {
                throw new UsageException("security domain " + domain.domainId() + " needs " + domain.required()
                        + " shares; " + jwes.size() + " were given");
            }
            var body = Json.MAPPER.createObjectNode().put("value", new RestoreValue(domain, jwes).toJsonText());
            SecureFiles.createNew(out, body.toString() + "\n", SecureFiles.OWNER_ONLY);
            System.out.println("wrote the upload body for security domain " + domain.domainId() + " (" + jwes.size()
                    + " shares) to " + out);
            return 0;
        }
    }

    private interface Step<T> {
        T run();
    }

    private static <T> T run(Step<T> step) throws UsageException {
        try {
            return step.run();
        } catch (SecurityDomainException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static JsonNode readJson(Path file) throws UsageException {
        try {
            return Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getClass().getSimpleName());
        } catch (JacksonException e) {
            throw new UsageException(file + " is not JSON");
        }
    }
}
