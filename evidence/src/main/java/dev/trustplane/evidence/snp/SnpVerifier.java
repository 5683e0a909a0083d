package dev.trustplane.evidence.snp;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustAnchor;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.snp.internal.AmdExtensions;
import dev.trustplane.evidence.snp.internal.ChainValidator;
import dev.trustplane.evidence.snp.internal.Findings;
import dev.trustplane.evidence.snp.internal.ReportBinding;
import dev.trustplane.evidence.snp.internal.ReportSignature;
import dev.trustplane.evidence.snp.internal.SnpClaims;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies AMD SEV-SNP attestation reports against their VCEK/VLEK certificate chain.
 *
 * <p>Checks, all performed and all reported (not just the first failure):
 * <ol>
 *   <li>format: {@link SnpReport#parse} ({@code MALFORMED}, {@code UNSUPPORTED_VERSION});
 *   <li>product: CPUID (v3+) and the certificate's productName must agree ({@code CHAIN_INVALID});
 *   <li>chain: ASK/ASVK signed by a root of the {@link TrustProfile} for that product, leaf signed by
 *       the ASK/ASVK, RSA-PSS SHA-384 pinned ({@code CHAIN_INVALID}); validity of every certificate at
 *       the clock's instant ({@code CERT_EXPIRED}); the ARK's CRL when supplied ({@code REVOKED}),
 *       otherwise a {@code CRL_NOT_CHECKED} warning, or {@code COLLATERAL_UNAVAILABLE} when
 *       {@link Options#requireCrl()};
 *   <li>signature: ECDSA P-384 SHA-384 over bytes 0x000-0x29F with the leaf key ({@code SIGNATURE_INVALID});
 *   <li>binding: leaf kind matches SIGNING_KEY; VCEK hwID equals CHIP_ID (first 8 bytes on Turin)
 *       ({@code HWID_MISMATCH}); SPL extensions equal REPORTED_TCB ({@code TCB_MISMATCH});
 *   <li>optional expected REPORT_DATA ({@code REPORT_DATA_MISMATCH}); DEBUG policy bit reported as a
 *       {@code DEBUG_ENABLED} warning for policy to decide.
 * </ol>
 * Thread-safe and stateless; never throws for bad input.
 */
public final class SnpVerifier {
    /**
     * Verification options.
     *
     * @param requireCrl reject when no CRL is supplied (instead of warning {@code CRL_NOT_CHECKED})
     */
    public record Options(boolean requireCrl) {
        /** No CRL required. */
        public static Options defaults() {
            return new Options(false);
        }
    }

    private final TrustProfile profile;
    private final Clock clock;
    private final Options options;

    /**
     * @param profile the trusted roots
     * @param clock the source of the verification time (inject a fixed clock to verify "as of" a time)
     * @param options verification options
     */
    public SnpVerifier(TrustProfile profile, Clock clock, Options options) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A verifier with the production roots and default options. */
    public static SnpVerifier production(Clock clock) {
        return new SnpVerifier(TrustProfile.production(), clock, Options.defaults());
    }

    /** Parses and verifies report bytes. */
    public AppraisalResult verify(byte[] report, SnpCollateral collateral) {
        return verify(report, collateral, null);
    }

    /**
     * Parses and verifies report bytes, also requiring REPORT_DATA to equal {@code expectedReportData}
     * (zero-padded to 64 bytes) unless it is {@code null}.
     */
    public AppraisalResult verify(byte[] report, SnpCollateral collateral, byte[] expectedReportData) {
        SnpReport parsed;
        try {
            parsed = SnpReport.parse(report);
        } catch (EvidenceFormatException e) {
            return AppraisalResult.of(SnpClaims.TYPE, List.of(e.toReason()), Map.of());
        }
        return verify(parsed, collateral, expectedReportData);
    }

    /** Verifies a parsed report; see {@link #verify(byte[], SnpCollateral, byte[])}. */
    public AppraisalResult verify(SnpReport report, SnpCollateral collateral, byte[] expectedReportData) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(collateral, "collateral");
        Findings f = new Findings();
        Instant now = clock.instant();
        boolean vlek = collateral.isVlek();
        String role = leafRole(collateral, f);
        AmdExtensions ext = extensions(collateral, f);

        Optional<SnpProduct> product = product(report, ext, f);
        List<TrustAnchor> candidates = product
                .map(p -> profile.anchors(TrustAnchor.AMD_SEV_SNP, p.kdsName()))
                .orElseGet(() -> profile.anchors(TrustAnchor.AMD_SEV_SNP));
        if (candidates.isEmpty()) {
            f.add(ReasonCode.CHAIN_INVALID, "the " + profile.kind() + " trust profile has no AMD root for "
                    + product.map(SnpProduct::kdsName).orElse("any product"));
        }
        Optional<TrustAnchor> anchor = ChainValidator.validate(new ChainValidator.Input(collateral.leaf(), vlek,
                collateral.intermediate(), collateral.ark(), collateral.crl(), candidates, now,
                options.requireCrl()), f);
        if (product.isEmpty()) {
            product = anchor.flatMap(a -> SnpProduct.fromKdsName(a.product()));
        }

        if (!ReportSignature.verify(report, collateral.leaf().getPublicKey())) {
            f.add(ReasonCode.SIGNATURE_INVALID, report.signingKey() == SigningKey.NONE
                    ? "report is unsigned (SIGNING_KEY = none)"
                    : "report signature does not verify with the " + (vlek ? "VLEK" : "VCEK") + " key");
        }
        ReportBinding.check(report, vlek, ext, product.orElse(null), f);
        if (expectedReportData != null) {
            checkReportData(report, expectedReportData, f);
        }
        if (report.policy().debugAllowed()) {
            f.add(ReasonCode.DEBUG_ENABLED, "guest policy allows debugging (POLICY bit 19)");
        }
        Map<String, Object> claims = SnpClaims.of(report, product.orElse(null), profile.kind(), role,
                ext == null ? null : ext.cspId().orElse(null));
        return AppraisalResult.of(SnpClaims.TYPE, f.list(), claims);
    }

    private static String leafRole(SnpCollateral collateral, Findings f) {
        String cn = ChainValidator.cn(collateral.leaf().getSubjectX500Principal());
        return switch (cn) {
            case "SEV-VCEK" -> "VCEK";
            case "SEV-VLEK" -> "VLEK";
            default -> {
                f.add(ReasonCode.CHAIN_INVALID, "leaf certificate " + cn + " is neither SEV-VCEK nor SEV-VLEK");
                yield null;
            }
        };
    }

    private static AmdExtensions extensions(SnpCollateral collateral, Findings f) {
        try {
            return AmdExtensions.read(collateral.leaf());
        } catch (EvidenceFormatException e) {
            f.add(ReasonCode.CHAIN_INVALID, e.getMessage());
            return null;
        }
    }

    private static Optional<SnpProduct> product(SnpReport report, AmdExtensions ext, Findings f) {
        Optional<SnpProduct> fromCpu = report.product();
        Optional<SnpProduct> fromCert = ext == null
                ? Optional.empty()
                : ext.productName().flatMap(SnpProduct::fromProductName);
        if (fromCpu.isPresent() && fromCert.isPresent() && fromCpu.get() != fromCert.get()) {
            f.add(ReasonCode.CHAIN_INVALID, "report CPUID is " + fromCpu.get().kdsName()
                    + " but the certificate is for " + fromCert.get().kdsName());
        }
        return fromCpu.isPresent() ? fromCpu : fromCert;
    }

    private static void checkReportData(SnpReport report, byte[] expected, Findings f) {
        byte[] padded = expected.length <= 64 ? Arrays.copyOf(expected, 64) : expected;
        if (!MessageDigest.isEqual(padded, report.reportData())) {
            f.add(ReasonCode.REPORT_DATA_MISMATCH, "REPORT_DATA differs from the expected value");
        }
    }
}
