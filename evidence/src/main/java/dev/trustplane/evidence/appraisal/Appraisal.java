package dev.trustplane.evidence.appraisal;

import static dev.trustplane.evidence.appraisal.EvidenceAppraiser.failure;
import static dev.trustplane.evidence.appraisal.EvidenceAppraiser.typeName;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.azure.AzureCvmAppraiser;
import dev.trustplane.evidence.azure.AzureCvmEvidence;
import dev.trustplane.evidence.azure.AzureFormatException;
import dev.trustplane.evidence.azure.HclReport;
import dev.trustplane.evidence.azure.TrusteeEvidenceJson;
import dev.trustplane.evidence.azure.VtpmQuote;
import dev.trustplane.evidence.dcap.CcEventLog;
import dev.trustplane.evidence.dcap.CcelTable;
import dev.trustplane.evidence.dcap.DcapCollateral;
import dev.trustplane.evidence.dcap.DcapQuote;
import dev.trustplane.evidence.dcap.DcapVerifier;
import dev.trustplane.evidence.dcap.OpenEnclaveReport;
import dev.trustplane.evidence.pcs.IntelCollateralResolver;
import dev.trustplane.evidence.kds.SnpCollateralResolver;
import dev.trustplane.evidence.snp.SnpCollateralLoader;
import dev.trustplane.evidence.snp.SnpReport;
import dev.trustplane.evidence.snp.SnpVerifier;
import dev.trustplane.evidence.snp.internal.SnpClaims;
import dev.trustplane.evidence.tpm.AttestationKey;
import dev.trustplane.evidence.tpm.PcrValues;
import dev.trustplane.evidence.tpm.TpmFormatException;
import dev.trustplane.evidence.tpm.TpmQuoteAppraiser;
import dev.trustplane.evidence.tpm.TpmQuoteEvidence;
import dev.trustplane.evidence.tpm.TpmSignature;
import dev.trustplane.evidence.tpm.TpmsAttest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run of {@link EvidenceAppraiser}: sorts the inputs by {@link InputKind}, picks the one piece of
 * evidence, assembles its companions and hands it to the technology appraiser. Not thread-safe; one
 * instance per call.
 */
final class Appraisal {
    private record Item(EvidenceInput input, InputKind kind) {}

    private final EvidenceAppraiser.Options options;
    private final SnpVerifier snp;
    private final SnpCollateralResolver resolver;
    private final AzureCvmAppraiser azure;
    private final List<Item> items = new ArrayList<>();
    private final DcapVerifier dcap;
    private final IntelCollateralResolver intelCollateral;
    private final List<byte[]> certificates = new ArrayList<>();
    private final List<byte[]> intelJson = new ArrayList<>();

    Appraisal(EvidenceAppraiser.Options options, SnpVerifier snp, SnpCollateralResolver resolver, AzureCvmAppraiser azure,
            DcapVerifier dcap, IntelCollateralResolver intelCollateral) {
        this.options = options;
        this.snp = snp;
        this.resolver = resolver;
        this.azure = azure;
        this.dcap = dcap;
        this.intelCollateral = intelCollateral;
    }

    AppraisalResult run(List<EvidenceInput> inputs, List<EvidenceInput> collateral) {
        String expected = options.type().map(EvidenceAppraiser::typeName).orElse(EvidenceAppraiser.UNKNOWN_TYPE);
        if (inputs.isEmpty()) {
            return failure(expected, ReasonCode.MALFORMED, "no evidence given");
        }
        inputs.forEach(in -> items.add(new Item(in, InputKind.of(in.bytes()))));
        for (EvidenceInput c : collateral) {
            InputKind kind = InputKind.of(c.bytes());
            if (kind == InputKind.CERTIFICATES) {
                certificates.add(c.bytes());
            } else if (kind == InputKind.INTEL_COLLATERAL) {
                intelJson.add(c.bytes());
            }
        }
        items.stream().filter(i -> i.kind() == InputKind.CERTIFICATES).forEach(i -> certificates.add(i.input().bytes()));
        items.stream().filter(i -> i.kind() == InputKind.INTEL_COLLATERAL).forEach(i -> intelJson.add(i.input().bytes()));

        boolean hcl = items.stream().anyMatch(i -> i.kind() == InputKind.HCL_REPORT);
        List<Item> primaries = items.stream()
                .filter(i -> i.kind().evidenceType().isPresent()
                        && !(hcl && (i.kind() == InputKind.TPMS_ATTEST || i.kind() == InputKind.TD_QUOTE)))
                .toList();
        List<Item> unknown = items.stream().filter(i -> i.kind() == InputKind.UNKNOWN).toList();
        if (primaries.isEmpty() && options.type().isPresent() && unknown.size() == 1) {
            // The caller says what it is: parse it as that, so the error names the field that failed.
            return parseAs(options.type().get(), unknown.getFirst());
        }
        if (!unknown.isEmpty()) {
            Item u = unknown.getFirst();
            String what = InputKind.json(u.input().bytes()).isPresent() || startsLikeJson(u.input().bytes())
                    ? "JSON that is neither Trustee Azure, TPM quote, key nor PCR values (or does not parse)"
                    : "not an SNP report, HCL report, TPM quote, TDX/SGX quote, certificate, CRL, key or PCR values";
            return failure(expected, ReasonCode.MALFORMED, "cannot tell the evidence type of " + u.input().name() + ": " + what);
        }
        if (primaries.size() != 1) {
            return failure(expected, ReasonCode.MALFORMED, primaries.isEmpty()
                    ? "cannot tell the evidence type: no input is evidence (only certificates, keys or PCR values)"
                    : "several pieces of evidence given (" + names(primaries) + "); appraise one at a time");
        }
        Item primary = primaries.getFirst();
        EvidenceType type = primary.kind().evidenceType().orElseThrow();
        if (options.type().isPresent() && options.type().get() != type) {
            return failure(expected, ReasonCode.MALFORMED, primary.input().name() + " is " + type.cliName()
                    + " evidence, not " + options.type().get().cliName());
        }
        return parseAs(type, primary);
    }

    private AppraisalResult parseAs(EvidenceType type, Item primary) {
        return switch (type) {
            case SNP -> snp(primary.input());
            case AZURE_CVM -> azure(primary);
            case TPM -> tpm(primary);
            case TDX, SGX -> dcap(type, primary);
        };
    }

    private AppraisalResult dcap(EvidenceType type, Item primary) {
        EvidenceInput in = primary.input();
        String typeName = typeName(type);
        DcapQuote quote;
        try {
            byte[] bytes = in.bytes();
            quote = DcapQuote.parse(primary.kind() == InputKind.OE_REPORT || OpenEnclaveReport.looksLike(bytes)
                    ? OpenEnclaveReport.quote(bytes) : bytes);
        } catch (EvidenceFormatException e) {
            return failure(typeName, e.code(), in.name() + ": " + e.getMessage());
        }
        if (quote.isTdx() != (type == EvidenceType.TDX)) {
            return failure(typeName, ReasonCode.MALFORMED, in.name() + " is a " + (quote.isTdx() ? "TDX" : "SGX")
                    + " quote, not " + type.cliName());
        }
        CcEventLog eventLog;
        try {
            eventLog = eventLog();
        } catch (EvidenceFormatException e) {
            return failure(typeName, e.code(), e.getMessage());
        }
        List<byte[]> blobs = new ArrayList<>(certificates);
        blobs.addAll(intelJson);
        DcapCollateral collateral = DcapCollateral.of(blobs).plus(intelCollateral.resolve(quote, options.clock().instant()));
        return dcap.verify(quote, collateral, options.nonce().orElse(null), eventLog);
    }

    /**
     * The CC event log given beside a TD quote (null when none), checked against the ACPI CCEL table when
     * that is given too: the table must describe a TDX log whose area can hold the log.
     */
    private CcEventLog eventLog() throws EvidenceFormatException {
        Optional<Item> logItem = first(InputKind.EVENT_LOG);
        Optional<Item> tableItem = first(InputKind.CCEL_TABLE);
        if (items.stream().filter(i -> i.kind() == InputKind.EVENT_LOG).count() > 1) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, "event log", -1, "several CC event logs given");
        }
        if (logItem.isEmpty()) {
            if (tableItem.isPresent()) {
                throw new EvidenceFormatException(ReasonCode.MALFORMED, tableItem.get().input().name(), -1,
                        "an ACPI CCEL table was given without the CC event log it locates");
            }
            return null;
        }
        CcEventLog log = named(logItem.get(), CcEventLog::parse);
        if (tableItem.isPresent()) {
            CcelTable table = named(tableItem.get(), CcelTable::parse);
            if (!table.tdx()) {
                throw new EvidenceFormatException(ReasonCode.MALFORMED, tableItem.get().input().name(), 36,
                        "the CCEL table is for CC type " + table.ccType() + ", not TDX (" + CcelTable.CC_TYPE_TDX + ")");
            }
            if (Long.compareUnsigned(log.length(), table.logAreaMinimumLength()) > 0) {
                throw new EvidenceFormatException(ReasonCode.MALFORMED, logItem.get().input().name(), -1, "the log ("
                        + log.length() + " bytes) exceeds the log area of the CCEL table ("
                        + Long.toUnsignedString(table.logAreaMinimumLength()) + " bytes)");
            }
        }
        return log;
    }

    private interface Parser<T> {
        T parse(byte[] b) throws EvidenceFormatException;
    }

    /** Parses an input, naming it in the error. */
    private static <T> T named(Item item, Parser<T> parser) throws EvidenceFormatException {
        try {
            return parser.parse(item.input().bytes());
        } catch (EvidenceFormatException e) {
            String prefix = e.offset() >= 0 ? e.field() + " at offset 0x" + Long.toHexString(e.offset()) + ": "
                    : e.field() + ": ";
            throw new EvidenceFormatException(e.code(), item.input().name() + ": " + e.field(), e.offset(),
                    e.getMessage().substring(prefix.length()));
        }
    }

    private AppraisalResult snp(EvidenceInput in) {
        SnpReport report;
        try {
            report = SnpReport.parse(in.bytes());
        } catch (EvidenceFormatException e) {
            return failure(SnpClaims.TYPE, e.code(), in.name() + ": " + e.getMessage());
        }
        try {
            var collateral = resolver.resolve(report, loader(), options.clock().instant());
            return snp.verify(report, collateral, options.nonce().orElse(null));
        } catch (EvidenceFormatException e) {
            return AppraisalResult.of(SnpClaims.TYPE, List.of(e.toReason()),
                    SnpClaims.of(report, report.product().orElse(null), options.profile().kind(), null, null));
        }
    }

    private AppraisalResult azure(Item primary) {
        byte[] bytes = primary.input().bytes();
        try {
            if (primary.kind() == InputKind.TRUSTEE_AZURE_JSON || startsLikeJson(bytes)) {
                return azure.appraise(TrusteeEvidenceJson.parse(bytes), certificates, options.nonce().orElse(null));
            }
            HclReport hcl = HclReport.parse(bytes);
            Optional<byte[]> tdQuote = first(InputKind.TD_QUOTE).map(i -> i.input().bytes());
            Optional<VtpmQuote> quote = vtpmQuote(primary.input());
            if (quote.isEmpty()) {
                return azure.appraiseWithoutQuote(hcl, tdQuote, certificates);
            }
            AzureCvmEvidence evidence = new AzureCvmEvidence(0, hcl, quote.get(), key(), Optional.empty(), tdQuote);
            return azure.appraise(evidence, certificates, options.nonce().orElse(null));
        } catch (AzureFormatException e) {
            return failure("azure-cvm", ReasonCode.MALFORMED, primary.input().name() + ": " + e.getMessage());
        } catch (EvidenceFormatException e) {
            return failure("azure-cvm", e.code(), e.getMessage());
        }
    }

    /** The vTPM quote beside an HCL report: a bincode file, or TPMS_ATTEST + TPMT_SIGNATURE (+ PCR JSON). */
    private Optional<VtpmQuote> vtpmQuote(EvidenceInput hclInput) throws AzureFormatException, EvidenceFormatException {
        Optional<Item> bincode = first(InputKind.VTPM_BINCODE);
        if (bincode.isPresent()) {
            return Optional.of(VtpmQuote.fromBincode(bincode.get().input().bytes()));
        }
        Optional<Item> message = first(InputKind.TPMS_ATTEST);
        Optional<Item> signature = first(InputKind.TPMT_SIGNATURE);
        if (message.isEmpty() && signature.isEmpty()) {
            return Optional.empty();
        }
        if (message.isEmpty() || signature.isEmpty()) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, "vTPM quote", -1, "the vTPM quote beside "
                    + hclInput.name() + " needs both its TPMS_ATTEST and its TPMT_SIGNATURE");
        }
        try {
            TpmsAttest attest = TpmsAttest.parse(message.get().input().bytes());
            TpmSignature sig = TpmSignature.parse(signature.get().input().bytes());
            return Optional.of(new VtpmQuote(attest, sig, pcrs(attest)));
        } catch (TpmFormatException e) {
            throw e.toEvidenceFormatException();
        }
    }

    private AppraisalResult tpm(Item primary) {
        try {
            TpmQuoteEvidence evidence = primary.kind() == InputKind.TPM_JSON || startsLikeJson(primary.input().bytes())
                    ? TpmQuoteEvidence.parseJson(primary.input().bytes())
                    : tpmFromParts(primary.input());
            return TpmQuoteAppraiser.appraise(evidence, options.nonce().orElse(null));
        } catch (EvidenceFormatException e) {
            return failure(TpmQuoteAppraiser.TYPE, e.code(), primary.input().name() + ": " + e.getMessage());
        }
    }

    private TpmQuoteEvidence tpmFromParts(EvidenceInput message) throws EvidenceFormatException {
        try {
            TpmsAttest attest = TpmsAttest.parse(message.bytes());
            Item sig = first(InputKind.TPMT_SIGNATURE).orElseThrow(() -> new EvidenceFormatException(ReasonCode.MALFORMED,
                    "TPMT_SIGNATURE", -1, "the quote's signature file is missing"));
            AttestationKey ak = key().orElseThrow(() -> new EvidenceFormatException(ReasonCode.COLLATERAL_UNAVAILABLE,
                    "AK", -1, "the attestation key is missing (PEM, SPKI, TPM2B_PUBLIC, TPMT_PUBLIC or JWK)"));
            return new TpmQuoteEvidence(List.of(new TpmQuoteEvidence.Quote(attest, TpmSignature.parse(sig.input().bytes()))),
                    ak, Optional.empty(), pcrs(attest));
        } catch (TpmFormatException e) {
            throw e.toEvidenceFormatException();
        }
    }

    private PcrValues pcrs(TpmsAttest attest) throws EvidenceFormatException {
        Optional<Item> file = first(InputKind.PCR_JSON);
        return file.isEmpty() ? PcrValues.empty() : PcrJson.parse(file.get().input());
    }

    private Optional<AttestationKey> key() {
        return first(InputKind.ATTESTATION_KEY).flatMap(i -> InputKind.key(i.input().bytes()));
    }

    private SnpCollateralLoader loader() {
        SnpCollateralLoader loader = new SnpCollateralLoader();
        certificates.forEach(loader::addBytes);
        return loader;
    }

    private Optional<Item> first(InputKind kind) {
        return items.stream().filter(i -> i.kind() == kind).findFirst();
    }

    private static String names(List<Item> list) {
        return String.join(", ", list.stream().map(i -> i.input().name()).toList());
    }

    private static boolean startsLikeJson(byte[] b) {
        for (byte x : b) {
            if (!Character.isWhitespace(x)) {
                return x == '{' || x == '[';
            }
        }
        return false;
    }
}
