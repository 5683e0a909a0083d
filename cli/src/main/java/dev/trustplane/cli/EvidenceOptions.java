package dev.trustplane.cli;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustAnchor;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.appraisal.EvidenceAppraiser;
import dev.trustplane.evidence.appraisal.EvidenceInput;
import dev.trustplane.evidence.appraisal.EvidenceType;
import dev.trustplane.evidence.kds.CollateralStore;
import dev.trustplane.evidence.kds.KdsClient;
import dev.trustplane.evidence.pcs.PcsClient;
import dev.trustplane.simulator.SimulatedIntel;
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
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How commands that read evidence ({@code verify}, {@code policy test}) appraise it: type, trust
 * profile, verification time, collateral, nonce. One place, so both commands behave the same.
 */
final class EvidenceOptions {
    /** Evidence files are small; anything larger is not evidence. */
    static final long MAX_FILE = 4L * 1024 * 1024;

    @Option(names = "--type", paramLabel = "TYPE", description = "snp, azure-cvm, tpm, tdx or sgx (default: detected).")
    String type;

    @Option(names = "--collateral", paramLabel = "DIR", description = "Folder of certificates, CRLs (PEM or DER) and Intel TCB Info / QE Identity JSON, any names.")
    Path collateralDir;

    @Option(names = "--offline", description = "Fetch nothing; missing collateral is COLLATERAL_UNAVAILABLE.")
    boolean offline;

    @Option(names = "--at", paramLabel = "RFC3339", description = "Verify as of this time (default now).")
    String at;

    @Option(names = "--trust", paramLabel = "PROFILE", defaultValue = "production",
            description = "production (AMD and Intel roots pinned in code) or simulated (the simulator's roots).")
    String trust;

    @Option(names = "--require-crl", description = "Reject when revocation cannot be checked.")
    boolean requireCrl;

    @Option(names = "--require-fresh-collateral",
            description = "Reject Intel collateral (TCB Info, QE Identity, CRLs) past its nextUpdate instead of warning COLLATERAL_EXPIRED.")
    boolean requireFreshCollateral;

    @Option(names = "--nonce", paramLabel = "HEX", description = "Expected nonce / report data.")
    String nonce;

    @Mixin
    CommonOptions common = new CommonOptions();

    /**
     * Appraises {@code files} (evidence plus companions) and the {@code --collateral} folder.
     *
     * @throws UsageException for unreadable files, bad options, or input nobody can read as evidence
     */
    AppraisalResult appraise(List<Path> files) throws UsageException {
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
            } catch (IOException e) {
                throw new UsageException("cannot list " + collateralDir + ": " + e.getClass().getSimpleName());
            }
        }
        AppraisalResult result = new EvidenceAppraiser(options()).appraise(inputs, collateral);
        if (!result.genuine() && result.evidenceType().equals(EvidenceAppraiser.UNKNOWN_TYPE)
                && result.reasons().stream().allMatch(r -> r.code() == ReasonCode.MALFORMED)) {
            throw new UsageException("cannot verify: " + result.reasons().getFirst().detail());
        }
        return result;
    }

    private EvidenceAppraiser.Options options() throws UsageException {
        var options = EvidenceAppraiser.Options.defaults().withRequireCrl(requireCrl)
                .withRequireFreshCollateral(requireFreshCollateral);
        if (type != null) {
            options = options.withType(EvidenceType.fromName(type).orElseThrow(
                    () -> new UsageException("--type must be snp, azure-cvm, tpm, tdx or sgx, got '" + type + "'")));
        }
        options = options.withProfile(switch (trust) {
            case "production" -> TrustProfile.production();
            case "simulated" -> simulatedProfile();
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
        return options.withStore(offline ? CollateralStore.offline(cache)
                : CollateralStore.online(cache, KdsClient.amd(), PcsClient.intel()));
    }

    /** The simulator's AMD roots and its Intel root together, as {@code trustplane sim} signs with them. */
    static TrustProfile simulatedProfile() {
        List<TrustAnchor> anchors = new ArrayList<>(SimulatedRoots.standard().trustProfile().anchors());
        anchors.add(SimulatedIntel.standard().anchor());
        return TrustProfile.simulated(anchors);
    }

    static EvidenceInput read(Path file) throws UsageException {
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
}
