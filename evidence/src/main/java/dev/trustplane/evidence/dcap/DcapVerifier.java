package dev.trustplane.evidence.dcap;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustAnchor;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.dcap.internal.CcelReplay;
import dev.trustplane.evidence.dcap.internal.DcapClaims;
import dev.trustplane.evidence.dcap.internal.Names;
import dev.trustplane.evidence.dcap.internal.IntelChain;
import dev.trustplane.evidence.dcap.internal.P256;
import dev.trustplane.evidence.dcap.internal.PckChains;
import dev.trustplane.evidence.internal.CryptoProviders;
import dev.trustplane.evidence.internal.Hex;
import dev.trustplane.evidence.snp.SnpCollateralLoader;
import dev.trustplane.evidence.snp.internal.Findings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies Intel DCAP ECDSA quotes (SGX and TDX) the way Intel's Quote Verification Library does.
 *
 * <p>Checks, all performed and all reported:
 * <ol>
 *   <li>format ({@link DcapQuote#parse}); QE vendor is Intel ({@code UNSUPPORTED_VERSION});
 *   <li>PCK chain: leaf {@code Intel SGX PCK Certificate} ← {@code Intel SGX PCK Platform/Processor CA}
 *       ← a root key of the {@link TrustProfile} (a root certificate in the chain must carry that key),
 *       ECDSA P-256 ({@code CHAIN_INVALID}); validity at the clock's instant ({@code CERT_EXPIRED});
 *       PCK CRL and Root CA CRL ({@code REVOKED}; missing: {@code CRL_NOT_CHECKED} or, with
 *       {@link Options#requireCrl()}, {@code COLLATERAL_UNAVAILABLE});
 *   <li>QE report signature with the PCK key; QE REPORTDATA = SHA-256(attestation key ‖ QE
 *       authentication data) ‖ 32 zero bytes; quote signature over header and body with the
 *       attestation key ({@code SIGNATURE_INVALID});
 *   <li>collateral: TCB Info for the PCK's FMSPC and QE Identity, each signed by an
 *       {@code Intel SGX TCB Signing} certificate that chains to the root; missing or badly signed
 *       collateral is {@code COLLATERAL_UNAVAILABLE}; collateral past {@code nextUpdate} is a
 *       {@code COLLATERAL_EXPIRED} warning (rejecting with {@link Options#requireFreshCollateral()});
 *   <li>QE Identity: MRSIGNER, ISVPRODID, MISCSELECT and ATTRIBUTES under their masks
 *       ({@code QE_IDENTITY_MISMATCH});
 *   <li>TDX module: MRSIGNERSEAM and SEAMATTRIBUTES against the TCB Info's module (identity)
 *       ({@code TCB_MISMATCH});
 *   <li>TCB status ({@link TcbEvaluation}): no matching level is {@code TCB_MISMATCH}, Revoked is
 *       {@code REVOKED}; OutOfDate, ConfigurationNeeded and SWHardeningNeeded are warnings
 *       ({@code TCB_OUT_OF_DATE}, {@code TCB_CONFIGURATION_NEEDED}, {@code TCB_SW_HARDENING_NEEDED})
 *       and the status and advisory IDs are claims for policy;
 *   <li>optional expected REPORTDATA ({@code REPORT_DATA_MISMATCH}); a debuggable TD or enclave is a
 *       {@code DEBUG_ENABLED} warning;
 *   <li>optional CC event log replayed against RTMR0..3 ({@code MEASUREMENT_MISMATCH}).
 * </ol>
 * The earliest {@code nextUpdate} of the collateral the verdict used and whether it has passed are
 * claims ({@link DcapClaimNames#COLLATERAL_NEXT_UPDATE}, {@link DcapClaimNames#COLLATERAL_EXPIRED}),
 * Intel's collateral expiration status, so that a policy can decide on it as well.
 * Thread-safe and stateless; never throws for bad input.
 */
public final class DcapVerifier {
    /** PCK leaf common name. */
    public static final String PCK_CN = "Intel SGX PCK Certificate";
    private static final List<String> PCK_CA_CNS = List.of("Intel SGX PCK Platform CA", "Intel SGX PCK Processor CA");

    /**
     * @param requireCrl reject when a CRL is missing instead of warning
     * @param requireFreshCollateral reject collateral past its nextUpdate instead of warning
     */
    public record Options(boolean requireCrl, boolean requireFreshCollateral) {
        public static Options defaults() {
            return new Options(false, false);
        }
    }

    private final TrustProfile profile;
    private final Clock clock;
    private final Options options;

    public DcapVerifier(TrustProfile profile, Clock clock, Options options) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Parses and verifies quote bytes. */
    public AppraisalResult verify(byte[] quote, DcapCollateral collateral, byte[] expectedReportData) {
        try {
            return verify(DcapQuote.parse(quote), collateral, expectedReportData);
        } catch (EvidenceFormatException e) {
            return AppraisalResult.of(DcapClaims.UNKNOWN_TYPE, List.of(e.toReason()), Map.of());
        }
    }

    /** Verifies a parsed quote; {@code expectedReportData} (zero-padded to 64 bytes) may be null. */
    public AppraisalResult verify(DcapQuote quote, DcapCollateral collateral, byte[] expectedReportData) {
        return verify(quote, collateral, expectedReportData, null);
    }

    /**
     * Verifies a parsed quote and, when {@code eventLog} is not null, replays that CC event log against
     * the TD's RTMRs ({@code MEASUREMENT_MISMATCH} for each RTMR the log does not reproduce; a log beside
     * an SGX quote is {@code MALFORMED}). The replayed events become claims only through this check.
     */
    public AppraisalResult verify(DcapQuote quote, DcapCollateral collateral, byte[] expectedReportData,
            CcEventLog eventLog) {
        Findings f = new Findings();
        Instant now = clock.instant();
        collateral.problems().forEach(p -> f.add(p.code(), p.getMessage()));
        if (!Arrays.equals(quote.qeVendorId(), DcapQuote.INTEL_QE_VENDOR_ID)) {
            f.add(ReasonCode.UNSUPPORTED_VERSION, "QE vendor ID " + Hex.encode(quote.qeVendorId()) + " is not Intel's");
        }
        List<TrustAnchor> anchors = profile.anchors(TrustAnchor.INTEL_SGX);
        if (anchors.isEmpty()) {
            f.add(ReasonCode.CHAIN_INVALID, "the " + profile.kind() + " trust profile has no Intel SGX root");
        }

        List<Instant> nextUpdates = new ArrayList<>();
        Optional<X509Certificate> pck = pckChain(quote, anchors, collateral, now, f, nextUpdates);
        checkSignatures(quote, pck, f);
        Optional<PckExtensions> ext = Optional.empty();
        if (pck.isPresent()) {
            try {
                ext = Optional.of(PckChains.extensions(pck.get()));
            } catch (EvidenceFormatException e) {
                f.add(ReasonCode.CHAIN_INVALID, e.getMessage());
            }
        }

        Optional<PublicKey> signer = tcbSigningKey(collateral, anchors, now, f);
        TcbEvaluation evaluation = evaluate(quote, ext, collateral, signer, now, f, nextUpdates);
        report(evaluation, f);

        if (expectedReportData != null) {
            byte[] padded = expectedReportData.length <= 64 ? Arrays.copyOf(expectedReportData, 64) : expectedReportData;
            if (!MessageDigest.isEqual(padded, reportData(quote))) {
                f.add(ReasonCode.REPORT_DATA_MISMATCH, "REPORTDATA differs from the expected value");
            }
        }
        if (quote.td().map(TdReportBody::debug).orElse(false)) {
            f.add(ReasonCode.DEBUG_ENABLED, "TD attributes allow debugging (TDATTRIBUTES bit 0)");
        }
        if (quote.enclave().map(SgxReportBody::debug).orElse(false)) {
            f.add(ReasonCode.DEBUG_ENABLED, "enclave attributes allow debugging (ATTRIBUTES.DEBUG)");
        }
        // DcapClaims.of returns a fresh mutable map; AppraisalResult makes the one frozen copy.
        Map<String, Object> claims = DcapClaims.of(quote, ext, evaluation, collateral, profile.kind());
        Instant earliest = null;
        for (Instant next : nextUpdates) {
            earliest = earliest == null || next.isBefore(earliest) ? next : earliest;
        }
        if (earliest != null) {
            claims.put(DcapClaimNames.COLLATERAL_NEXT_UPDATE, earliest.toString());
            claims.put(DcapClaimNames.COLLATERAL_EXPIRED, earliest.isBefore(now));
        }
        if (eventLog != null) {
            CcelReplay.check(quote, eventLog, f, claims);
        }
        return AppraisalResult.of(DcapClaims.type(quote), f.list(), claims);
    }

    static byte[] reportData(DcapQuote quote) {
        return quote.td().map(TdReportBody::reportData).orElseGet(() -> quote.enclave().orElseThrow().reportData());
    }

    private Optional<X509Certificate> pckChain(DcapQuote quote, List<TrustAnchor> anchors, DcapCollateral collateral,
            Instant now, Findings f, List<Instant> nextUpdates) {
        if (quote.qe().certificationDataType() != QeCertificationData.PCK_CERT_CHAIN) {
            f.add(ReasonCode.COLLATERAL_UNAVAILABLE, "certification data type " + quote.qe().certificationDataType()
                    + " carries no PCK certificate chain (only type 5 is supported)");
            return Optional.empty();
        }
        List<X509Certificate> certs = PckChains.parse(quote);
        Optional<X509Certificate> leaf = Optional.empty();
        Optional<X509Certificate> ca = Optional.empty();
        for (X509Certificate c : certs) {
            String cn = cn(c);
            if (leaf.isEmpty() && cn.equals(PCK_CN)) {
                leaf = Optional.of(c);
            } else if (ca.isEmpty() && PCK_CA_CNS.contains(cn)) {
                ca = Optional.of(c);
            }
        }
        if (leaf.isEmpty() || ca.isEmpty()) {
            f.add(ReasonCode.CHAIN_INVALID, "the PCK certificate chain lacks the " + (leaf.isEmpty() ? "PCK certificate"
                    : "PCK Platform/Processor CA") + " (" + certs.size() + " certificates)");
            return leaf;
        }
        X509Certificate pck = leaf.get();
        X509Certificate intermediate = ca.get();
        if (!pck.getIssuerX500Principal().equals(intermediate.getSubjectX500Principal())
                || !IntelChain.signedBy(pck, intermediate.getPublicKey())) {
            f.add(ReasonCode.CHAIN_INVALID, "PCK certificate is not signed by " + cn(intermediate));
        }
        Optional<TrustAnchor> anchor = IntelChain.anchorOf(intermediate, anchors);
        if (anchor.isEmpty()) {
            f.add(ReasonCode.CHAIN_INVALID, cn(intermediate) + " is not signed by a trusted Intel SGX Root CA key");
        }
        for (X509Certificate c : certs) {
            if (c != pck && c != intermediate && anchor.isPresent() && cn(c).equals("Intel SGX Root CA")) {
                if (!IntelChain.carries(c, anchor.get())) {
                    f.add(ReasonCode.CHAIN_INVALID, "the root certificate in the quote does not carry the pinned key");
                } else {
                    IntelChain.validity("Intel SGX Root CA", c, now, f);
                }
            }
        }
        IntelChain.validity("PCK certificate", pck, now, f);
        IntelChain.validity(cn(intermediate), intermediate, now, f);
        IntelChain.revocation("PCK certificate", pck, intermediate.getPublicKey(), collateral.crls(), now,
                options.requireCrl(), options.requireFreshCollateral(), f).ifPresent(c -> nextUpdate(c, nextUpdates));
        anchor.flatMap(a -> IntelChain.revocation(cn(intermediate), intermediate, a.publicKey(), collateral.crls(), now,
                options.requireCrl(), options.requireFreshCollateral(), f)).ifPresent(c -> nextUpdate(c, nextUpdates));
        return leaf;
    }

    private static void nextUpdate(X509CRL crl, List<Instant> nextUpdates) {
        if (crl.getNextUpdate() != null) {
            nextUpdates.add(crl.getNextUpdate().toInstant());
        }
    }

    private static void checkSignatures(DcapQuote quote, Optional<X509Certificate> pck, Findings f) {
        QeCertificationData qe = quote.qe();
        if (pck.isPresent() && !P256.verify(pck.get().getPublicKey(), qe.qeReport().raw(), qe.qeReportSignature())) {
            f.add(ReasonCode.SIGNATURE_INVALID, "QE report signature does not verify with the PCK key");
        }
        byte[] expected = new byte[64];
        try {
            MessageDigest sha = CryptoProviders.sha256();
            sha.update(quote.attestationKey());
            sha.update(qe.authData());
            System.arraycopy(sha.digest(), 0, expected, 0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
        if (!MessageDigest.isEqual(expected, qe.qeReport().reportData())) {
            f.add(ReasonCode.SIGNATURE_INVALID, "QE report does not bind the attestation key "
                    + "(REPORTDATA != SHA-256(attestation key || QE authentication data) || zeros)");
        }
        Optional<PublicKey> key = P256.publicKey(quote.attestationKey());
        if (key.isEmpty()) {
            f.add(ReasonCode.SIGNATURE_INVALID, "attestation key is not a P-256 point");
        } else if (!P256.verify(key.get(), quote.signedData(), quote.signature())) {
            f.add(ReasonCode.SIGNATURE_INVALID, "quote signature does not verify with the attestation key");
        }
    }

    private Optional<PublicKey> tcbSigningKey(DcapCollateral collateral, List<TrustAnchor> anchors, Instant now,
            Findings f) {
        if (collateral.tcbInfos().isEmpty() && collateral.qeIdentities().isEmpty()) {
            return Optional.empty();
        }
        List<X509Certificate> named = collateral.certificatesNamed(DcapCollateral.TCB_SIGNING_CN);
        // Prefer a certificate valid now; Intel re-issues the TCB Signing certificate with the same key.
        Optional<X509Certificate> signing = Optional.empty();
        Optional<TrustAnchor> signingAnchor = Optional.empty();
        for (X509Certificate c : named) {
            Optional<TrustAnchor> a = IntelChain.anchorOf(c, anchors);
            if (a.isPresent() && (signing.isEmpty() || !valid(signing.get(), now) && valid(c, now))) {
                signing = Optional.of(c);
                signingAnchor = a;
            }
        }
        if (signing.isEmpty()) {
            f.add(ReasonCode.COLLATERAL_UNAVAILABLE, named.isEmpty()
                    ? "no Intel SGX TCB Signing certificate supplied; TCB Info and QE Identity cannot be verified"
                    : "the Intel SGX TCB Signing certificate is not signed by a trusted Intel SGX Root CA key");
            return Optional.empty();
        }
        IntelChain.validity("Intel SGX TCB Signing certificate", signing.get(), now, f);
        // The Root CA CRL also lists revoked TCB Signing certificates; only a listing matters here (a
        // missing or stale root CRL is already reported for the PCK chain).
        Findings crl = new Findings();
        IntelChain.revocation("Intel SGX TCB Signing certificate", signing.get(), signingAnchor.get().publicKey(),
                collateral.crls(), now, false, false, crl);
        for (var r : crl.list()) {
            if (r.code() == ReasonCode.REVOKED) {
                f.add(r.code(), r.detail());
            }
        }
        return Optional.of(signing.get().getPublicKey());
    }

    private static boolean valid(X509Certificate c, Instant now) {
        return !now.isBefore(c.getNotBefore().toInstant()) && !now.isAfter(c.getNotAfter().toInstant());
    }

    private TcbEvaluation evaluate(DcapQuote quote, Optional<PckExtensions> ext, DcapCollateral collateral,
            Optional<PublicKey> signer, Instant now, Findings f, List<Instant> nextUpdates) {
        String tee = quote.isTdx() ? "TDX" : "SGX";
        Optional<TcbInfo.Level> platform = Optional.empty();
        Optional<TcbInfo.ModuleLevel> module = Optional.empty();
        Optional<TcbInfo> info = ext.flatMap(e -> collateral.tcbInfo(tee, Hex.encode(e.fmspc())));
        if (ext.isPresent() && info.isEmpty()) {
            f.add(ReasonCode.COLLATERAL_UNAVAILABLE, "no " + tee + " TCB Info for FMSPC " + Hex.encode(ext.get().fmspc()));
        }
        if (info.isPresent() && signedAndCurrent("TCB Info", info.get().signed(), signer, info.get().issueDate(),
                info.get().nextUpdate(), now, f)) {
            TcbInfo t = info.get();
            nextUpdates.add(t.nextUpdate());
            if (!t.pceId().equals(Hex.encode(ext.get().pceId()))) {
                f.add(ReasonCode.TCB_MISMATCH, "TCB Info is for PCE-ID " + t.pceId() + ", the PCK certificate has "
                        + Hex.encode(ext.get().pceId()));
            }
            Optional<byte[]> teeTcbSvn = quote.td().map(TdReportBody::teeTcbSvn);
            platform = TcbEvaluation.platformLevel(t, ext.get(), teeTcbSvn);
            if (platform.isEmpty()) {
                f.add(ReasonCode.TCB_MISMATCH, "no TCB level of the TCB Info matches the platform (TCB not supported)");
            }
            if (quote.td().isPresent()) {
                module = tdxModule(t, quote.td().get(), f);
            }
        }
        String qeId = quote.isTdx() ? "TD_QE" : "QE";
        Optional<EnclaveIdentity> qeIdentity = collateral.qeIdentity(qeId);
        Optional<EnclaveIdentity.Level> qeLevel = Optional.empty();
        boolean qeEvaluated = false;
        if (qeIdentity.isEmpty()) {
            f.add(ReasonCode.COLLATERAL_UNAVAILABLE, "no " + qeId + " identity supplied; the QE is not checked");
        } else if (signedAndCurrent(qeId + " identity", qeIdentity.get().signed(), signer, qeIdentity.get().issueDate(),
                qeIdentity.get().nextUpdate(), now, f)) {
            nextUpdates.add(qeIdentity.get().nextUpdate());
            checkQe(quote.qe().qeReport(), qeIdentity.get(), f);
            qeLevel = TcbEvaluation.qeLevel(qeIdentity.get(), quote.qe().qeReport().isvSvn());
            qeEvaluated = true;
        }
        return TcbEvaluation.of(platform, module, qeLevel, qeEvaluated);
    }

    private boolean signedAndCurrent(String what, dev.trustplane.evidence.dcap.internal.SignedJson signed,
            Optional<PublicKey> signer, Instant issued, Instant nextUpdate, Instant now, Findings f) {
        if (signer.isEmpty()) {
            return false;
        }
        if (!IntelChain.signedBy(signed, signer.get())) {
            f.add(ReasonCode.COLLATERAL_UNAVAILABLE, what + " signature does not verify with the TCB Signing key");
            return false;
        }
        if (issued.isAfter(now)) {
            f.add(ReasonCode.COLLATERAL_UNAVAILABLE, what + " is issued at " + issued + ", after the verification time " + now);
            return false;
        }
        if (nextUpdate.isBefore(now)) {
            f.add(options.requireFreshCollateral() ? ReasonCode.COLLATERAL_UNAVAILABLE : ReasonCode.COLLATERAL_EXPIRED,
                    what + " expired at " + nextUpdate + " (verification time " + now + ")");
        }
        return true;
    }

    private static Optional<TcbInfo.ModuleLevel> tdxModule(TcbInfo info, TdReportBody td, Findings f) {
        byte[] mrSigner;
        byte[] attributes;
        byte[] mask;
        Optional<TcbInfo.ModuleLevel> level = Optional.empty();
        Optional<TcbInfo.TdxModuleIdentity> identity = TcbEvaluation.moduleIdentity(info, td.teeTcbSvn());
        int version = td.teeTcbSvn()[1] & 0xFF;
        if (version != 0 && identity.isEmpty()) {
            f.add(ReasonCode.TCB_MISMATCH, "TCB Info has no identity for TDX module version " + version);
            return Optional.empty();
        }
        if (identity.isPresent()) {
            mrSigner = identity.get().mrSigner();
            attributes = identity.get().attributes();
            mask = identity.get().attributesMask();
            level = TcbEvaluation.moduleLevel(identity.get(), td.teeTcbSvn());
            if (level.isEmpty()) {
                f.add(ReasonCode.TCB_MISMATCH, "TDX module " + identity.get().id() + " ISVSVN " + (td.teeTcbSvn()[0] & 0xFF)
                        + " matches no TCB level of its identity");
            }
        } else {
            TcbInfo.TdxModule m = info.tdxModule().orElseThrow();
            mrSigner = m.mrSigner();
            attributes = m.attributes();
            mask = m.attributesMask();
        }
        if (!Arrays.equals(mrSigner, td.mrSignerSeam())) {
            f.add(ReasonCode.TCB_MISMATCH, "MRSIGNERSEAM is not the TDX module signer of the TCB Info");
        }
        if (!TcbEvaluation.masked(td.seamAttributes(), mask, attributes)) {
            f.add(ReasonCode.TCB_MISMATCH, "SEAMATTRIBUTES differ from the TDX module attributes of the TCB Info");
        }
        return level;
    }

    private static void checkQe(SgxReportBody qe, EnclaveIdentity id, Findings f) {
        if (!Arrays.equals(qe.mrSigner(), id.mrSigner())) {
            f.add(ReasonCode.QE_IDENTITY_MISMATCH, "QE MRSIGNER " + Hex.encode(qe.mrSigner()) + " is not " + id.id()
                    + "'s " + Hex.encode(id.mrSigner()));
        }
        if (qe.isvProdId() != id.isvProdId()) {
            f.add(ReasonCode.QE_IDENTITY_MISMATCH, "QE ISVPRODID " + qe.isvProdId() + " is not " + id.isvProdId());
        }
        if ((qe.miscSelect() & id.miscSelectMask()) != (id.miscSelect() & id.miscSelectMask())) {
            f.add(ReasonCode.QE_IDENTITY_MISMATCH, "QE MISCSELECT differs under the identity's mask");
        }
        if (!TcbEvaluation.masked(qe.attributes(), id.attributesMask(), id.attributes())) {
            f.add(ReasonCode.QE_IDENTITY_MISMATCH, "QE ATTRIBUTES differ under the identity's mask");
        }
    }

    private static void report(TcbEvaluation e, Findings f) {
        if (e.status().isEmpty()) {
            return;
        }
        TcbStatus s = e.status().get();
        String advisories = e.advisoryIds().isEmpty() ? "" : " (" + String.join(", ", e.advisoryIds()) + ")";
        if (s == TcbStatus.REVOKED) {
            f.add(ReasonCode.REVOKED, "TCB status Revoked" + advisories);
            return;
        }
        if (s.outOfDate()) {
            f.add(ReasonCode.TCB_OUT_OF_DATE, "TCB status " + s.intelName() + advisories);
        }
        if (s.configurationNeeded()) {
            f.add(ReasonCode.TCB_CONFIGURATION_NEEDED, "TCB status " + s.intelName() + advisories);
        }
        if (s.swHardeningNeeded()) {
            f.add(ReasonCode.TCB_SW_HARDENING_NEEDED, "TCB status " + s.intelName() + advisories);
        }
    }

    private static String cn(X509Certificate c) {
        return Names.cn(c.getSubjectX500Principal());
    }
}
