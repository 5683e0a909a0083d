package dev.trustplane.cli;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.appraisal.EvidenceAppraiser;
import dev.trustplane.evidence.appraisal.EvidenceInput;
import dev.trustplane.evidence.appraisal.EvidenceType;
import dev.trustplane.evidence.kds.CollateralStore;
import dev.trustplane.evidence.kds.KdsClient;
import dev.trustplane.server.http.Json;
import dev.trustplane.simulator.SimulatedRoots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trustplane verify FILE...}: appraises TEE evidence offline or with collateral from AMD KDS,
 * and prints the verdict and claims. Exit 0 genuine, 1 not genuine, 2 bad usage or unreadable input.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Verify SEV-SNP, Azure confidential VM or TPM evidence.")
final class VerifyCommand implements Callable<Integer> {
    /** Evidence files are small; anything larger is not evidence. */
    static final long MAX_FILE = 4L * 1024 * 1024;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "The evidence, plus any certificates/CRLs/AK/PCR files for it (recognised by content).")
    List<Path> files;

    @Option(names = "--type", paramLabel = "TYPE", description = "snp, azure-cvm or tpm (default: detected).")
    String type;

    @Option(names = "--collateral", paramLabel = "DIR", description = "Folder of certificates and CRLs (PEM or DER, any names).")
    Path collateralDir;

    @Option(names = "--offline", description = "Fetch nothing; missing collateral is COLLATERAL_UNAVAILABLE.")
    boolean offline;

    @Option(names = "--at", paramLabel = "RFC3339", description = "Verify as of this time (default now).")
    String at;

    @Option(names = "--trust", paramLabel = "PROFILE", defaultValue = "production",
            description = "production (AMD roots pinned in code) or simulated (the simulator's roots).")
    String trust;

    @Option(names = "--require-crl", description = "Reject when revocation cannot be checked.")
    boolean requireCrl;

    @Option(names = "--nonce", paramLabel = "HEX", description = "Expected nonce / report data.")
    String nonce;

    @Option(names = "--json", description = "Print {\"genuine\",\"type\",\"reasons\",\"claims\"} as JSON.")
    boolean json;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        EvidenceAppraiser.Options options = options();
        List<EvidenceInput> inputs = new ArrayList<>();
        for (Path file : files) {
            inputs.add(read(file));
        }
        List<EvidenceInput> collateral = new ArrayList<>();
        if (collateralDir != null) {
            if (!Files.isDirectory(collateralDir)) {
                throw new UsageException("--collateral " + collateralDir + " is not a directory");
            }
            try (Stream<Path> list = Files.list(collateralDir)) {
                for (Path file : list.filter(Files::isRegularFile).sorted().toList()) {
                    collateral.add(read(file));
                }
            }
        }
        AppraisalResult result = new EvidenceAppraiser(options).appraise(inputs, collateral);
        if (unreadable(result)) {
            throw new UsageException("cannot verify: " + result.reasons().getFirst().detail());
        }
        print(result);
        return result.genuine() ? Main.OK : Main.NO;
    }

    private EvidenceAppraiser.Options options() throws UsageException {
        var options = EvidenceAppraiser.Options.defaults().withRequireCrl(requireCrl);
        if (type != null) {
            options = options.withType(EvidenceType.fromName(type).orElseThrow(
                    () -> new UsageException("--type must be snp, azure-cvm or tpm, got '" + type + "'")));
        }
        options = options.withProfile(switch (trust) {
            case "production" -> TrustProfile.production();
            case "simulated" -> SimulatedRoots.standard().trustProfile();
            default -> throw new UsageException("--trust must be production or simulated, got '" + trust + "'");
        });
        if (at != null) {
            try {
                options = options.withClock(Clock.fixed(Instant.parse(at), ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                throw new UsageException("--at must be an RFC 3339 time such as 2025-06-01T00:00:00Z, got '" + at + "'");
            }
        }
        if (nonce != null) {
            try {
                options = options.withNonce(HexFormat.of().parseHex(nonce));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--nonce must be hexadecimal");
            }
        }
        Path cache = CollateralCommand.cacheDir(common);
        return options.withStore(offline ? CollateralStore.offline(cache) : CollateralStore.online(cache, KdsClient.amd()));
    }

    private static EvidenceInput read(Path file) throws UsageException {
        try {
            if (!Files.isRegularFile(file)) {
                throw new UsageException("cannot read " + file + ": not a file");
            }
            if (Files.size(file) > MAX_FILE) {
                throw new UsageException("cannot read " + file + ": larger than " + MAX_FILE + " bytes");
            }
            return new EvidenceInput(file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    /** Input nobody could read as evidence is a usage error (exit 2), not a "no". */
    private static boolean unreadable(AppraisalResult result) {
        return !result.genuine() && result.evidenceType().equals(EvidenceAppraiser.UNKNOWN_TYPE)
                && result.reasons().stream().allMatch(r -> r.code() == ReasonCode.MALFORMED);
    }

    private void print(AppraisalResult result) {
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("genuine", result.genuine());
            out.put("type", result.evidenceType());
            out.put("reasons", result.reasons().stream().map(VerifyCommand::describe).toList());
            out.put("warnings", result.warnings().stream().map(VerifyCommand::describe).toList());
            out.put("claims", result.claims());
            System.out.println(Json.MAPPER.writeValueAsString(out));
            return;
        }
        System.out.println((result.genuine() ? "GENUINE" : "NOT GENUINE") + " (" + result.evidenceType() + ")");
        result.reasons().forEach(r -> System.out.println("  reason:  " + r.code() + ": " + r.detail()));
        result.warnings().forEach(r -> System.out.println("  warning: " + r.code() + ": " + r.detail()));
        System.out.println("claims:");
        result.claims().forEach((k, v) -> System.out.println("  " + k + " = " + v));
    }

    private static Map<String, String> describe(Reason reason) {
        return Map.of("code", reason.code().name(), "detail", reason.detail());
    }
}
