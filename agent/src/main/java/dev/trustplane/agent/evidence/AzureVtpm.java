package dev.trustplane.agent.evidence;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import dev.trustplane.evidence.azure.AzureFormatException;
import dev.trustplane.evidence.azure.HclReport;
import dev.trustplane.evidence.tpm.TpmFormatException;
import dev.trustplane.evidence.tpm.TpmPublic;
import dev.trustplane.evidence.tpm.TpmsAttest;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Azure confidential VM evidence from the paravisor's vTPM ({@code /dev/tpmrm0}, or any {@link TpmTransport}).
 *
 * <p><b>Sequence.</b> (1) NV_ReadPublic of 0x01400001 — absent means this is not an Azure CVM; (2) make sure
 * the user-data index 0x01400002 exists (defined with owner auth, 64 bytes, as Azure's guest attestation
 * tooling does when it is missing) and NV_Write the 64 report-data bytes to it; (3) NV_Read the HCL report in
 * chunks of TPM_PT_NV_BUFFER_MAX until its runtime data's {@code user-data} equals what we wrote — the
 * paravisor regenerates the report asynchronously (other clients sleep a fixed 3 s; we poll, bounded); (4)
 * TPM2_Quote of the SHA-256 PCRs 0-23 by the HCL attestation key at persistent handle 0x81000003 with the
 * report data as qualifying data; (5) PCR_Read of the same PCRs, repeated with a new quote if a PCR was
 * extended in between (the values must hash to the quote's pcrDigest).
 *
 * <p>The HCL report binds the AK (runtime data {@code HCLAkPub}) to the SNP/TDX report, and the AK's quote
 * binds our report data: the verifier needs no further nonce. Requests are serialised per source.
 */
final class AzureVtpm implements EvidenceSource {
    static final int HCL_REPORT_INDEX = 0x01400001;
    static final int USER_DATA_INDEX = 0x01400002;
    static final int AK_HANDLE = 0x81000003;
    static final Path DEFAULT_DEVICE = Path.of("/dev/tpmrm0");
    private static final int MAX_HCL_REPORT = 16 * 1024;
    private static final int QUOTE_ATTEMPTS = 3;

    /** Opens a fresh transport per collection (a device file or a socket). */
    interface TransportFactory {
        TpmTransport open() throws IOException;

        String describe();
    }

    private final TransportFactory transports;
    private final Duration refreshTimeout;
    private final Duration pollInterval;
    private final ConfigfsTsm.Sleeper sleeper;

    AzureVtpm(TransportFactory transports, Duration refreshTimeout, Duration pollInterval, ConfigfsTsm.Sleeper sleeper) {
        this.transports = transports;
        this.refreshTimeout = refreshTimeout;
        this.pollInterval = pollInterval;
        this.sleeper = sleeper;
    }

    static TransportFactory device(Path device) {
        return new TransportFactory() {
            @Override
            public TpmTransport open() throws IOException {
                return TpmTransport.device(device);
            }

            @Override
            public String describe() {
                return device.toString();
            }
        };
    }

    @Override
    public Tee tee() {
        return Tee.AZURE_CVM;
    }

    @Override
    public String describe() {
        return "Azure CVM vTPM " + transports.describe();
    }

    /** Whether the TPM holds an HCL report (NV 0x01400001): the Azure CVM detection probe. */
    boolean probe() throws EvidenceCollectionException {
        try (TpmTransport t = open()) {
            return new Tpm2(t).nvReadPublic(HCL_REPORT_INDEX).isPresent();
        } catch (TpmCommandException e) {
            throw tpmFailure(e);
        } catch (IOException e) {
            return true; // close failed after a successful probe: the answer stands
        }
    }

    @Override
    public synchronized Evidence collect(byte[] reportData) throws EvidenceCollectionException {
        byte[] data = EvidenceSource.checkReportData(reportData);
        try (TpmTransport t = open()) {
            Tpm2 tpm = new Tpm2(t);
            Tpm2.NvPublic hcl = tpm.nvReadPublic(HCL_REPORT_INDEX).orElseThrow(() -> new EvidenceCollectionException(
                    Failure.NOT_AVAILABLE, "NV index 0x01400001 (the HCL report) is not defined in the TPM at "
                            + t.describe() + ": not an Azure confidential VM"));
            if (hcl.dataSize() < HclReport.VARIABLE_DATA_OFFSET || hcl.dataSize() > MAX_HCL_REPORT) {
                throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, "NV 0x01400001 dataSize", -1,
                        hcl.dataSize() + " bytes is not an HCL report size");
            }
            writeUserData(tpm, data);
            byte[] report = freshHclReport(tpm, hcl.dataSize(), data);
            return quote(tpm, report, data);
        } catch (TpmCommandException e) {
            throw tpmFailure(e);
        } catch (IOException e) {
            throw new EvidenceCollectionException(Failure.DEVICE_ERROR, "closing " + transports.describe() + " failed", e);
        }
    }

    private TpmTransport open() throws EvidenceCollectionException {
        try {
            return transports.open();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new EvidenceCollectionException(Failure.NOT_AVAILABLE, "no TPM at " + transports.describe());
        } catch (java.nio.file.AccessDeniedException e) {
            throw new EvidenceCollectionException(Failure.ACCESS_DENIED, "cannot open " + transports.describe()
                    + ": permission denied (needs root or the tss group)");
        } catch (IOException e) {
            throw new EvidenceCollectionException(Failure.NOT_AVAILABLE, "cannot open the TPM at " + transports.describe()
                    + ": " + e.getMessage());
        }
    }

    private static void writeUserData(Tpm2 tpm, byte[] data) throws EvidenceCollectionException, TpmCommandException {
        Optional<Tpm2.NvPublic> index = tpm.nvReadPublic(USER_DATA_INDEX);
        if (index.isEmpty()) {
            tpm.nvDefineSpace(USER_DATA_INDEX, REPORT_DATA_LENGTH, Tpm2.NV_OWNER_AND_AUTH_READ_WRITE);
        } else if (index.get().dataSize() != REPORT_DATA_LENGTH) {
            throw new EvidenceCollectionException(Failure.DEVICE_ERROR, "NV 0x01400002 dataSize", -1,
                    "the user-data index holds " + index.get().dataSize() + " bytes, not 64");
        }
        tpm.nvWrite(Tpm2.RH_OWNER, USER_DATA_INDEX, data);
    }

    /** Reads the HCL report until its runtime data carries {@code data} as user-data, within the timeout. */
    private byte[] freshHclReport(Tpm2 tpm, int size, byte[] data) throws EvidenceCollectionException, TpmCommandException {
        long polls = Math.max(1, refreshTimeout.toMillis() / Math.max(1, pollInterval.toMillis()) + 1);
        for (long i = 0; i < polls; i++) {
            byte[] buffer = tpm.nvRead(Tpm2.RH_OWNER, HCL_REPORT_INDEX, size);
            HclReport parsed;
            try {
                parsed = HclReport.parse(buffer);
            } catch (AzureFormatException e) {
                throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, "HCL report", -1, e.getMessage());
            }
            Optional<byte[]> userData = parsed.runtimeData().userData();
            if (userData.isPresent() && MessageDigest.isEqual(userData.get(), data)) {
                return buffer;
            }
            if (i + 1 < polls) {
                try {
                    sleeper.sleep(pollInterval);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EvidenceCollectionException(Failure.DEVICE_ERROR, "interrupted while waiting for the HCL report");
                }
            }
        }
        throw new EvidenceCollectionException(Failure.DEVICE_ERROR, "HCL report user-data", -1, "the paravisor did not "
                + "refresh the HCL report with the written user data within " + refreshTimeout.toMillis() + " ms");
    }

    private Evidence quote(Tpm2 tpm, byte[] report, byte[] data) throws EvidenceCollectionException, TpmCommandException {
        byte[] akArea = tpm.readPublic(AK_HANDLE);
        int[] scheme = quoteScheme(akArea);
        byte[] selection = Tpm2.sha256Selection(0xFFFFFF);
        for (int attempt = 1; attempt <= QUOTE_ATTEMPTS; attempt++) {
            Tpm2.Quote q = tpm.quote(AK_HANDLE, data, scheme[0], scheme[1], selection);
            TpmsAttest attest;
            try {
                attest = TpmsAttest.parse(q.attest());
            } catch (TpmFormatException e) {
                throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, "Quote.quoted", -1, e.getMessage());
            }
            if (!MessageDigest.isEqual(attest.extraData(), data)) {
                throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, "Quote.quoted.extraData", -1,
                        "the quote does not carry the requested qualifying data");
            }
            List<byte[]> pcrs = tpm.readSha256Bank();
            if (MessageDigest.isEqual(sha256(pcrs), attest.pcrDigest())) {
                return new Evidence.AzureCvm(report, q.attest(), q.signature(), q.rawSignature(), pcrs, data,
                        "vTPM " + tpm.describe());
            }
        }
        throw new EvidenceCollectionException(Failure.RACE, "pcrDigest", -1, "PCRs changed between quote and PCR_Read "
                + QUOTE_ATTEMPTS + " times in a row");
    }

    /** The key's own scheme when it has one (then the quote must name NULL), else RSASSA or ECDSA with SHA-256. */
    private static int[] quoteScheme(byte[] akArea) throws EvidenceCollectionException {
        TpmPublic ak;
        try {
            ak = TpmPublic.parse(akArea);
        } catch (TpmFormatException e) {
            throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, "AK public area", -1, e.getMessage());
        }
        if (ak.scheme().isPresent()) {
            return new int[] {Tpm2.ALG_NULL, 0};
        }
        return new int[] {ak.type() == TpmPublic.TPM_ALG_RSA ? Tpm2.ALG_RSASSA : Tpm2.ALG_ECDSA, Tpm2.ALG_SHA256};
    }

    private EvidenceCollectionException tpmFailure(TpmCommandException e) {
        if (e.command().equals("ReadPublic") && e.baseCode() == TpmCommandException.RC_HANDLE) {
            return new EvidenceCollectionException(Failure.NOT_AVAILABLE, "no HCL attestation key at persistent handle "
                    + "0x81000003 in the TPM at " + transports.describe());
        }
        return new EvidenceCollectionException(Failure.DEVICE_ERROR, e.getMessage() + " (TPM at "
                + transports.describe() + ")");
    }

    private static byte[] sha256(List<byte[]> values) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            values.forEach(md::update);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
