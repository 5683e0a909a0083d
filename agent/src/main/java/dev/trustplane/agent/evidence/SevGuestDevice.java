package dev.trustplane.agent.evidence;

import static dev.trustplane.agent.evidence.SevGuestAbi.EXT_REPORT_REQ_SIZE;
import static dev.trustplane.agent.evidence.SevGuestAbi.GUEST_REQUEST_SIZE;
import static dev.trustplane.agent.evidence.SevGuestAbi.REPORT_REQ_SIZE;
import static dev.trustplane.agent.evidence.SevGuestAbi.REPORT_RESP_SIZE;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Optional;

/**
 * SNP evidence from the legacy {@code /dev/sev-guest} ioctls, for kernels without configfs-tsm (before 6.7).
 *
 * <p><b>Extended report and the certificate buffer.</b> SNP_GET_EXT_REPORT is first issued with
 * {@code certs_len = 0}: a host without certificates answers with the report; a host with certificates makes
 * the kernel answer {@code EIO} with {@code vmm_error = INVALID_LEN} and the needed length written back into
 * {@code certs_len}. We then allocate that (page-aligned, bounded) buffer and ask again; if the host's table
 * grew in between, we repeat a bounded number of times. With {@code extended = false} the plain
 * SNP_GET_REPORT is used and no certificates are returned.
 *
 * <p><b>Caution.</b> The kernel disables the VM's VMPCK after most firmware errors (to avoid AES-GCM IV
 * reuse), after which every request fails with {@code ENOTTY} until reboot; requests are therefore
 * serialised here and nothing is retried blindly.
 */
final class SevGuestDevice implements EvidenceSource {
    static final Path DEFAULT_DEVICE = Path.of("/dev/sev-guest");
    private static final int CERT_ATTEMPTS = 3;
    private static final Object LOCK = new Object();

    private final Path device;
    private final int vmpl;
    private final boolean extended;

    SevGuestDevice(Path device, int vmpl, boolean extended) {
        if (vmpl < 0 || vmpl > 3) {
            throw new IllegalArgumentException("VMPL must be 0..3, got " + vmpl);
        }
        this.device = device;
        this.vmpl = vmpl;
        this.extended = extended;
    }

    @Override
    public Tee tee() {
        return Tee.SNP;
    }

    @Override
    public String describe() {
        return device + (extended ? " (SNP_GET_EXT_REPORT" : " (SNP_GET_REPORT") + ", VMPL " + vmpl + ")";
    }

    @Override
    public Evidence collect(byte[] reportData) throws EvidenceCollectionException {
        byte[] data = EvidenceSource.checkReportData(reportData);
        synchronized (LOCK) {
            int fd = open();
            try (Arena arena = Arena.ofConfined()) {
                Evidence.Snp snp = extended ? extendedReport(fd, arena, data) : plainReport(fd, arena, data);
                ReportDataCheck.snp(snp.report(), data, "snp_report_resp");
                return snp;
            } finally {
                Libc.close(fd);
            }
        }
    }

    private int open() throws EvidenceCollectionException {
        Libc.Result r = Libc.open(device.toString(), Libc.O_RDWR | Libc.O_CLOEXEC);
        if (!r.failed()) {
            return r.value();
        }
        throw switch (r.errno()) {
            case SevGuestAbi.ENOENT, SevGuestAbi.ENODEV, SevGuestAbi.ENXIO -> new EvidenceCollectionException(
                    Failure.NOT_AVAILABLE, "no " + device + " (not an SEV-SNP guest, or the sev-guest driver is not loaded)");
            case SevGuestAbi.EACCES, SevGuestAbi.EPERM -> new EvidenceCollectionException(Failure.ACCESS_DENIED,
                    "cannot open " + device + ": permission denied (needs root or access to the device)");
            default -> new EvidenceCollectionException(Failure.DEVICE_ERROR, "cannot open " + device + " (errno "
                    + r.errno() + ")");
        };
    }

    private Evidence.Snp plainReport(int fd, Arena arena, byte[] data) throws EvidenceCollectionException {
        MemorySegment req = arena.allocate(REPORT_REQ_SIZE, 8).copyFrom(MemorySegment.ofArray(SevGuestAbi.reportReq(data, vmpl)));
        MemorySegment resp = arena.allocate(REPORT_RESP_SIZE, 8);
        call(fd, SevGuestAbi.SNP_GET_REPORT, "SNP_GET_REPORT", arena, req, resp);
        return new Evidence.Snp(SevGuestAbi.reportFromResponse(resp.toArray(ValueLayout.JAVA_BYTE)), Optional.empty(),
                device.toString());
    }

    private Evidence.Snp extendedReport(int fd, Arena arena, byte[] data) throws EvidenceCollectionException {
        MemorySegment certs = MemorySegment.NULL;
        int certsLen = 0;
        for (int attempt = 1; attempt <= CERT_ATTEMPTS; attempt++) {
            MemorySegment req = arena.allocate(EXT_REPORT_REQ_SIZE, 8).copyFrom(MemorySegment.ofArray(
                    SevGuestAbi.extReportReq(data, vmpl, certs.address(), certsLen)));
            MemorySegment resp = arena.allocate(REPORT_RESP_SIZE, 8);
            MemorySegment guest = guestRequest(arena, req, resp);
            Libc.Result r = Libc.ioctl(fd, SevGuestAbi.SNP_GET_EXT_REPORT, guest);
            long exitInfo2 = SevGuestAbi.exitInfo2(guest.toArray(ValueLayout.JAVA_BYTE));
            if (r.failed() && r.errno() == SevGuestAbi.EIO && SevGuestAbi.vmmError(exitInfo2) == SevGuestAbi.VMM_ERR_INVALID_LEN) {
                certsLen = SevGuestAbi.checkedCertsLen(SevGuestAbi.certsLen(req.toArray(ValueLayout.JAVA_BYTE)));
                certs = arena.allocate(certsLen, SevGuestAbi.PAGE);
                continue;
            }
            if (r.failed()) {
                throw SevGuestAbi.ioctlFailure(device.toString(), "SNP_GET_EXT_REPORT", r.errno(), exitInfo2);
            }
            byte[] report = SevGuestAbi.reportFromResponse(resp.toArray(ValueLayout.JAVA_BYTE));
            Optional<SnpCertificateTable> table = certsLen == 0 ? Optional.empty()
                    : Optional.of(SnpCertificateTable.parse(certs.toArray(ValueLayout.JAVA_BYTE)));
            return new Evidence.Snp(report, table.filter(t -> !t.entries().isEmpty()), device.toString());
        }
        throw new EvidenceCollectionException(Failure.DEVICE_ERROR, "certs_len", -1, device + " SNP_GET_EXT_REPORT: "
                + "the host's certificate table kept growing over " + CERT_ATTEMPTS + " attempts");
    }

    private void call(int fd, long request, String name, Arena arena, MemorySegment req, MemorySegment resp)
            throws EvidenceCollectionException {
        MemorySegment guest = guestRequest(arena, req, resp);
        Libc.Result r = Libc.ioctl(fd, request, guest);
        if (r.failed()) {
            throw SevGuestAbi.ioctlFailure(device.toString(), name, r.errno(),
                    SevGuestAbi.exitInfo2(guest.toArray(ValueLayout.JAVA_BYTE)));
        }
    }

    private static MemorySegment guestRequest(Arena arena, MemorySegment req, MemorySegment resp) {
        return arena.allocate(GUEST_REQUEST_SIZE, 8)
                .copyFrom(MemorySegment.ofArray(SevGuestAbi.guestRequest(req.address(), resp.address())));
    }
}
