package dev.trustplane.cli;

import dev.trustplane.evidence.dcap.CcEventLog;
import dev.trustplane.evidence.dcap.TcbStatus;
import dev.trustplane.simulator.DcapSimulator;
import dev.trustplane.simulator.DcapSpec;
import dev.trustplane.simulator.MaaDcapRequest;
import dev.trustplane.simulator.MaaSnpRequest;
import dev.trustplane.simulator.SimulatedCcEventLog;
import dev.trustplane.simulator.SimulatedDcapEvidence;
import dev.trustplane.simulator.SimulatedIntel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trustplane sim tdx|sgx}: a simulated Intel quote and the Intel collateral that verifies it. */
final class SimDcapCommand {
    private SimDcapCommand() {}

    /** Options both quote kinds take. */
    abstract static class Common implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--report-data", paramLabel = "HEX", description = "REPORTDATA, up to 64 bytes, zero-padded.")
        String reportData;

        @Option(names = "--runtime-data", paramLabel = "FILE", description = "Runtime data (JSON) to bind: "
                + "REPORTDATA = SHA-256 of the file, zero-padded; sent as runtimeData in attest-request.json.")
        Path runtimeData;

        @Option(names = "--debug", description = "Set the DEBUG attribute.")
        boolean debug;

        @Option(names = "--tcb-status", paramLabel = "STATUS", defaultValue = "UpToDate",
                description = "TCB status the simulated TCB Info gives the platform (UpToDate, OutOfDate, "
                        + "SWHardeningNeeded, ConfigurationNeeded, ConfigurationAndSWHardeningNeeded, "
                        + "OutOfDateConfigurationNeeded, Revoked; default UpToDate).")
        String tcbStatus;

        @Option(names = "--collateral-next-update", paramLabel = "RFC3339",
                description = "nextUpdate of the simulated TCB Info, QE Identity and CRLs (default ten years after issue).")
        String nextUpdate;

        @Option(names = "--revoked-pck", description = "List the PCK certificate on the simulated PCK CRL.")
        boolean revokedPck;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write the files to.")
        Path out;

        abstract DcapSpec spec() throws UsageException;

        /** Extra files beside the quote and its collateral (name → bytes). */
        Map<String, byte[]> extraFiles() {
            return Map.of();
        }

        abstract String what();

        @Override
        public Integer call() throws Exception {
            DcapSpec spec = spec().debug(debug);
            if (reportData != null && runtimeData != null) {
                throw new UsageException("--report-data and --runtime-data are mutually exclusive");
            }
            if (reportData != null) {
                spec.reportData(SimCommand.hex("--report-data", reportData, 64, false));
            }
            byte[] runtime = null;
            if (runtimeData != null) {
                runtime = SimCommand.readFile(runtimeData, "--runtime-data");
                spec.reportData(MaaSnpRequest.reportDataFor(runtime));
            }
            spec.tcbStatus(TcbStatus.fromIntelName(tcbStatus).orElseThrow(
                    () -> new UsageException("--tcb-status: unknown status '" + tcbStatus + "'")));
            spec.revokePck(revokedPck);
            if (nextUpdate != null) {
                try {
                    spec.collateralValidity(SimulatedIntel.DEFAULT_NOT_BEFORE, Instant.parse(nextUpdate));
                } catch (DateTimeParseException | IllegalArgumentException e) {
                    throw new UsageException("--collateral-next-update: an RFC 3339 time after "
                            + SimulatedIntel.DEFAULT_NOT_BEFORE + " is required, got '" + nextUpdate + "'");
                }
            }
            SimulatedDcapEvidence ev;
            try {
                ev = DcapSimulator.standard().generate(spec);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            SimCommand.write(out, "quote.dat", ev.quote());
            SimCommand.write(out, "attest-request.json",
                    MaaDcapRequest.body(ev.quote(), runtime).getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> f : ev.collateralFiles().entrySet()) {
                SimCommand.write(out, f.getKey(), f.getValue());
            }
            for (Map.Entry<String, byte[]> f : extraFiles().entrySet()) {
                SimCommand.write(out, f.getKey(), f.getValue());
            }
            System.err.println("Wrote a simulated " + what() + " quote and its Intel collateral to " + out
                    + " (verify with --trust simulated).");
            return Main.OK;
        }
    }

    @Command(name = "tdx", description = {"Write a simulated Intel TDX quote and its collateral:",
        "quote.dat, attest-request.json (MAA's request body), tcb-info.json, qe-identity.json, pck-crl.der,",
        "root-crl.der and tcb-signing.der; with --event-log also ccel.bin, a CC event log whose replay gives",
        "the quote's RTMRs."})
    static final class Tdx extends Common {
        @Option(names = "--event-log", description = "Also write ccel.bin, a simulated TD boot CC event log, and set RTMR0..3 to its replay.")
        boolean eventLog;

        @Option(names = "--kernel-cmdline", paramLabel = "TEXT", defaultValue = "console=ttyS0",
                description = "Kernel command line measured into RTMR2 by --event-log (default console=ttyS0).")
        String kernelCmdline;

        private CcEventLog log;

        @Option(names = "--version", paramLabel = "4|5", defaultValue = "4",
                description = "Quote version: 4 (TD 1.0 body) or 5 (TD 1.5 body); default 4.")
        int version;

        @Option(names = "--mrtd", paramLabel = "HEX", description = "MRTD, 48 bytes (96 hex digits).")
        String mrTd;

        @Option(names = "--rtmr", paramLabel = "N=HEX", description = "RTMR N (0..3), 48 bytes; repeatable.")
        java.util.List<String> rtmrs = new java.util.ArrayList<>();

        @Override
        DcapSpec spec() throws UsageException {
            if (version != 4 && version != 5) {
                throw new UsageException("--version: must be 4 or 5, got " + version);
            }
            DcapSpec spec = DcapSpec.tdx().version(version, version == 5);
            if (mrTd != null) {
                spec.mrTd(SimCommand.hex("--mrtd", mrTd, 48, true));
            }
            if (eventLog && !rtmrs.isEmpty()) {
                throw new UsageException("--event-log sets the RTMRs from the log; do not combine it with --rtmr");
            }
            if (eventLog) {
                log = SimulatedCcEventLog.boot("trustplane-sim", kernelCmdline);
                spec.eventLog(log);
            }
            for (String r : rtmrs) {
                int eq = r.indexOf('=');
                int index = eq == 1 ? Character.digit(r.charAt(0), 10) : -1;
                if (index < 0 || index > 3) {
                    throw new UsageException("--rtmr: expected N=HEX with N in 0..3, got '" + r + "'");
                }
                spec.rtmr(index, SimCommand.hex("--rtmr", r.substring(2), 48, true));
            }
            return spec;
        }

        @Override
        Map<String, byte[]> extraFiles() {
            return log == null ? Map.of() : Map.of("ccel.bin", log.encode());
        }

        @Override
        String what() {
            return "TDX v" + version;
        }
    }

    @Command(name = "sgx", description = {"Write a simulated Intel SGX quote and its collateral:",
        "quote.dat, attest-request.json (MAA's request body), tcb-info.json, qe-identity.json, pck-crl.der,",
        "root-crl.der and tcb-signing.der."})
    static final class Sgx extends Common {
        @Option(names = "--version", paramLabel = "3|4|5", defaultValue = "3", description = "Quote version (default 3).")
        int version;

        @Option(names = "--mrenclave", paramLabel = "HEX", description = "MRENCLAVE, 32 bytes.")
        String mrEnclave;

        @Option(names = "--mrsigner", paramLabel = "HEX", description = "MRSIGNER, 32 bytes.")
        String mrSigner;

        @Option(names = "--product-id", paramLabel = "N", defaultValue = "0", description = "ISVPRODID (default 0).")
        int productId;

        @Option(names = "--svn", paramLabel = "N", defaultValue = "0", description = "ISVSVN (default 0).")
        int svn;

        @Override
        DcapSpec spec() throws UsageException {
            if (version < 3 || version > 5) {
                throw new UsageException("--version: must be 3, 4 or 5, got " + version);
            }
            if (productId < 0 || productId > 0xFFFF || svn < 0 || svn > 0xFFFF) {
                throw new UsageException("--product-id and --svn must be 0..65535");
            }
            DcapSpec spec = DcapSpec.sgx().version(version, false);
            if (mrEnclave != null || mrSigner != null || productId != 0 || svn != 0) {
                byte[] e = mrEnclave == null ? null : SimCommand.hex("--mrenclave", mrEnclave, 32, true);
                byte[] s = mrSigner == null ? null : SimCommand.hex("--mrsigner", mrSigner, 32, true);
                spec.enclave(e, s, productId, svn);
            }
            return spec;
        }

        @Override
        String what() {
            return "SGX v" + version;
        }
    }

}
