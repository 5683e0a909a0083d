package dev.trustplane.cli;

import com.nimbusds.jose.jwk.JWKSet;
import dev.trustplane.kms.release.InvalidReleasePolicyException;
import dev.trustplane.kms.release.KeyReleasePolicy;
import dev.trustplane.kms.release.LocalSigningKeys;
import dev.trustplane.kms.release.ReleaseException;
import dev.trustplane.kms.release.ReleaseVerdict;
import dev.trustplane.kms.release.TokenVerifier;
import dev.trustplane.kms.release.TransferKey;
import dev.trustplane.server.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code trustplane skr test POLICY TOKEN}: evaluates a key release policy against an attestation token offline
 * and explains the verdict — the first failed condition with the claim, the expected and the found value — and
 * which transfer key a release would wrap to. With {@code --jwks} the token's signature and lifetime are checked
 * as the server checks them; without, only its claims are evaluated and the output says so. Exit 0 allowed,
 * 1 denied, 2 bad input. The server's {@code POST /keys/{name}/release?dryRun=true} answers the same question
 * online.
 */
@Command(name = "skr", mixinStandardHelpOptions = true, description = "Secure key release tools.",
        subcommands = {SkrCommand.Test.class})
final class SkrCommand {

    @Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Evaluate a key release policy against an attestation token and explain the verdict.")
    static final class Test implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "POLICY", description = "Release policy: JSON, or base64url of the JSON (as in release_policy.data).")
        Path policyFile;

        @Parameters(index = "1", paramLabel = "TOKEN", description = "Attestation token (compact JWT) file.")
        Path tokenFile;

        @Option(names = "--jwks", paramLabel = "FILE",
                description = "The issuer's JWKS (e.g. saved from GET /certs): verify signature, exp and nbf too.")
        Path jwks;

        @Option(names = "--json", description = "Print the verdict as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            KeyReleasePolicy policy;
            try {
                policy = KeyReleasePolicy.parse(policyBytes(Files.readAllBytes(policyFile)));
            } catch (InvalidReleasePolicyException e) {
                throw new UsageException("policy " + policyFile + " is invalid: " + e.getMessage());
            }
            String token = Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
            String issuer;
            JsonNode claims;
            boolean verified = jwks != null;
            try {
                if (verified) {
                    JWKSet keys = readJwks(jwks);
                    var verifier = new TokenVerifier(List.of(new LocalSigningKeys(() -> keys)), Clock.systemUTC(), true);
                    var checked = verifier.verify(token);
                    issuer = checked.issuer();
                    claims = checked.claims();
                } else {
                    claims = unverifiedClaims(token);
                    issuer = claims.path("iss").asString("");
                }
            } catch (ReleaseException e) {
                System.out.println("DENIED: " + e.getMessage());
                return Main.NO;
            }
            ReleaseVerdict verdict = policy.evaluate(issuer, claims);
            String transfer;
            try {
                transfer = "transfer key: " + TransferKey.select(claims).kid();
            } catch (ReleaseException e) {
                transfer = "no transfer key: " + e.getMessage();
            }
            print(verdict, verified, transfer);
            return verdict.allowed() ? Main.OK : Main.NO;
        }

        private void print(ReleaseVerdict verdict, boolean verified, String transfer) {
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("allowed", verdict.allowed());
                out.put("explanation", verdict.explanation());
                verdict.firstFailure().ifPresent(f -> out.put("failedCondition", Map.of("claim", f.claim(),
                        "operator", f.operator(), "expected", f.expected(), "found", f.found())));
                out.put("signatureVerified", verified);
                out.put("transfer", transfer);
                System.out.println(Json.MAPPER.writeValueAsString(out));
                return;
            }
            System.out.println((verdict.allowed() ? "ALLOWED: " : "DENIED: ") + verdict.explanation());
            System.out.println(transfer);
            if (!verified) {
                System.out.println("note: the token's signature and lifetime were NOT checked (give --jwks to check them)");
            }
        }

        /** JSON as is; otherwise base64url of JSON, the form release_policy.data takes on the wire. */
        static byte[] policyBytes(byte[] raw) throws UsageException {
            String text = new String(raw, StandardCharsets.UTF_8).strip();
            if (text.startsWith("{")) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
            try {
                return Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new UsageException("the policy is neither JSON nor base64url of JSON");
            }
        }

        private static JWKSet readJwks(Path file) throws UsageException, IOException {
            try {
                return JWKSet.parse(Files.readString(file));
            } catch (ParseException e) {
                throw new UsageException(file + " is not a JWKS: " + e.getMessage());
            }
        }

        private static JsonNode unverifiedClaims(String token) throws UsageException {
            String[] parts = token.split("\\.");
            if (parts.length != 3) {
                throw new UsageException("the token is not a compact JWT (three dot-separated parts)");
            }
            try {
                JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
                if (!claims.isObject()) {
                    throw new UsageException("the token's payload is not a JSON object");
                }
                return claims;
            } catch (IllegalArgumentException | tools.jackson.core.JacksonException e) {
                throw new UsageException("the token's payload is not base64url JSON");
            }
        }
    }
}
