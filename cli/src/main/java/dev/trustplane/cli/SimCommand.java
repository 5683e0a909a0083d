package dev.trustplane.cli;

import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.simulator.AzureCvmSimulator;
import dev.trustplane.simulator.AzureCvmSpec;
import dev.trustplane.simulator.MaaSnpRequest;
import dev.trustplane.simulator.Pem;
import dev.trustplane.simulator.SimulatedAzureCvmEvidence;
import dev.trustplane.simulator.SimulatedSnpEvidence;
import dev.trustplane.simulator.SnpSimulator;
import dev.trustplane.simulator.SnpSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trustplane sim snp|azure-cvm|tdx|sgx}: writes simulated evidence and its collateral. Everything is
 * signed by the simulator's roots (derived from a public seed), which only {@code --trust simulated}
 * accepts; the production trust profile rejects it.
 */
@Command(name = "sim",
        description = "Write simulated TEE evidence and its collateral (accepted only with --trust simulated).",
        subcommands = {SimCommand.Snp.class, SimCommand.AzureCvm.class, SimDcapCommand.Tdx.class, SimDcapCommand.Sgx.class})
final class SimCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() throws UsageException {
        throw new UsageException("sim: name what to simulate: snp, azure-cvm, tdx or sgx (see trustplane sim --help)");
    }

    /** Options of the SNP report, shared by {@code snp} and {@code azure-cvm}. */
    static final class ReportOptions {
        @Option(names = "--product", paramLabel = "genoa|milan|turin", defaultValue = "genoa",
                description = "Processor generation (default genoa).")
        String product;

        @Option(names = "--version", paramLabel = "3|5", defaultValue = "3",
                description = "SNP report version: 3 or 5 (2 also works; default 3).")
        int version;

        @Option(names = "--measurement", paramLabel = "HEX", description = "Launch measurement, 48 bytes (96 hex digits).")
        String measurement;

        @Option(names = "--host-data", paramLabel = "HEX", description = "HOST_DATA, up to 32 bytes, zero-padded.")
        String hostData;

        @Option(names = "--chip-id", paramLabel = "HEX",
                description = "CHIP_ID, 64 bytes (8 on Turin) (default: the simulated chip).")
        String chipId;

        @Option(names = "--debug", description = "Set the DEBUG bit of the guest policy.")
        boolean debug;

        @Option(names = "--vmpl", paramLabel = "N", defaultValue = "0", description = "VMPL 0..3 (default 0).")
        int vmpl;

        @Option(names = "--guest-svn", paramLabel = "N", defaultValue = "0", description = "Guest SVN (default 0).")
        long guestSvn;

        @Option(names = "--tcb", paramLabel = "bl,tee,snp,ucode[,fmc]",
                description = "Reported TCB SPLs (fmc on Turin only); default: a realistic TCB for the product.")
        String tcb;

        SnpSpec spec() throws UsageException {
            SnpProduct p = product(product);
            SnpSpec spec = new SnpSpec().product(p).debug(debug);
            if (version != 2 && version != 3 && version != 5) {
                throw new UsageException("--version: must be 3 or 5 (or 2), got " + version);
            }
            spec.version(version);
            if (vmpl < 0 || vmpl > 3) {
                throw new UsageException("--vmpl: must be 0..3, got " + vmpl);
            }
            spec.vmpl(vmpl);
            if (guestSvn < 0 || guestSvn > 0xFFFF_FFFFL) {
                throw new UsageException("--guest-svn: must be 0..4294967295, got " + guestSvn);
            }
            spec.guestSvn(guestSvn);
            if (measurement != null) {
                spec.measurement(hex("--measurement", measurement, 48, true));
            }
            if (hostData != null) {
                spec.hostData(hex("--host-data", hostData, 32, false));
            }
            if (chipId != null) {
                spec.chipId(hex("--chip-id", chipId, p == SnpProduct.TURIN ? 8 : 64, true));
            }
            if (tcb != null) {
                int[] t = tcb(tcb, p);
                spec.tcb(t[0], t[1], t[2], t[3], t[4]);
            }
            return spec;
        }
    }

    /** {@code trustplane sim snp}: an SEV-SNP report, its VCEK, chain, CRL and an MAA request body. */
    @Command(name = "snp", description = {"Write a simulated AMD SEV-SNP report and its collateral:",
        "report.bin, vcek.pem, cert_chain.pem (ASK then ARK), crl.der and attest-request.json",
        "(the body of MAA's POST /attest/SevSnpVm)."})
    static final class Snp implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Mixin
        ReportOptions report = new ReportOptions();

        @Option(names = "--report-data", paramLabel = "HEX", description = "REPORT_DATA, up to 64 bytes, zero-padded.")
        String reportData;

        @Option(names = "--runtime-data", paramLabel = "FILE",
                description = "Runtime data (JSON) to bind: REPORT_DATA = SHA-256 of the file; sent as runtimeData.")
        Path runtimeData;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write the files to.")
        Path out;

        @Override
        public Integer call() throws Exception {
            SnpSpec spec = report.spec();
            if (reportData != null && runtimeData != null) {
                throw new UsageException("--report-data and --runtime-data are mutually exclusive");
            }
            if (reportData != null) {
                spec.reportData(hex("--report-data", reportData, 64, false));
            }
            byte[] runtime = null;
            if (runtimeData != null) {
                runtime = readFile(runtimeData, "--runtime-data");
                spec.reportData(MaaSnpRequest.reportDataFor(runtime));
            }
            SimulatedSnpEvidence ev;
            try {
                ev = SnpSimulator.standard().generate(spec);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            writeSnp(out, ev, "report.bin");
            write(out, "attest-request.json", MaaSnpRequest.body(ev, runtime).getBytes(StandardCharsets.UTF_8));
            System.err.println("Wrote a simulated " + ev.product().kdsName() + " v" + report.version + " SNP report and"
                    + " its collateral to " + out + " (verify with --trust simulated).");
            return Main.OK;
        }
    }

    /** {@code trustplane sim azure-cvm}: HCL report, vTPM quote, PCRs, AK and the request bodies. */
    @Command(name = "azure-cvm", description = {"Write simulated Azure confidential VM (SEV-SNP) evidence:",
        "hcl-report.bin, runtime-data.json, snp-report.bin, vcek.pem, cert_chain.pem, crl.der,",
        "quote.msg (TPMS_ATTEST), quote.sig (RSASSA SHA-256), quote.bin (Trustee bincode), pcrs.json,",
        "ak.pem (HCLAkPub), az-snp-vtpm.json (Trustee evidence v2) and attest-request.json",
        "(MAA POST /attest/SevSnpVm with the HCL runtime data)."})
    static final class AzureCvm implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Mixin
        ReportOptions report = new ReportOptions();

        @Option(names = "--nonce", paramLabel = "HEX", description = "Quote extraData, up to 64 bytes (default: derived).")
        String nonce;

        @Option(names = "--user-data", paramLabel = "HEX",
                description = "Runtime-data user-data, up to 64 bytes (default: the nonce, zero-padded).")
        String userData;

        @Option(names = "--pcr", paramLabel = "N=HEX", description = "A SHA-256 PCR value (repeatable), e.g. 7=<64 hex digits>.")
        List<String> pcrs = new ArrayList<>();

        @Option(names = "--vm-id", paramLabel = "UUID", description = "vm-configuration.vmUniqueId (default: derived).")
        String vmId;

        @Option(names = "--no-secure-boot", description = "Report secure-boot false in vm-configuration.")
        boolean noSecureBoot;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write the files to.")
        Path out;

        @Override
        public Integer call() throws Exception {
            AzureCvmSpec spec = new AzureCvmSpec().snp(report.spec()).secureBoot(!noSecureBoot);
            if (nonce != null) {
                spec.nonce(hex("--nonce", nonce, 64, false));
            }
            if (userData != null) {
                spec.userData(hex("--user-data", userData, 64, false));
            }
            if (vmId != null) {
                spec.vmUniqueId(vmId);
            }
            for (String pcr : pcrs) {
                int eq = pcr.indexOf('=');
                int index;
                try {
                    index = Integer.parseInt(eq < 0 ? "x" : pcr.substring(0, eq));
                } catch (NumberFormatException e) {
                    throw new UsageException("--pcr: expected N=HEX, got '" + pcr + "'");
                }
                if (index < 0 || index > 23) {
                    throw new UsageException("--pcr: index must be 0..23, got " + index);
                }
                spec.pcr(index, hex("--pcr", pcr.substring(eq + 1), 32, true));
            }
            SimulatedAzureCvmEvidence ev;
            try {
                ev = AzureCvmSimulator.standard().generate(spec);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            write(out, "hcl-report.bin", ev.hclReport());
            write(out, "runtime-data.json", ev.runtimeData());
            writeSnp(out, ev.snp(), "snp-report.bin");
            write(out, "quote.msg", ev.quoteMessage());
            write(out, "quote.sig", ev.quoteSignature());
            write(out, "quote.bin", ev.quoteBincode());
            write(out, "pcrs.json", ev.pcrsJson().getBytes(StandardCharsets.UTF_8));
            write(out, "ak.pem", Pem.block("PUBLIC KEY", ev.ak().getPublic().getEncoded()).getBytes(StandardCharsets.US_ASCII));
            write(out, "az-snp-vtpm.json", ev.trusteeJson().getBytes(StandardCharsets.UTF_8));
            write(out, "attest-request.json", ev.maaRequest().getBytes(StandardCharsets.UTF_8));
            System.err.println("Wrote simulated Azure CVM evidence (" + ev.snp().product().kdsName() + ", nonce "
                    + HexFormat.of().formatHex(ev.nonce()) + ") to " + out + " (verify with --trust simulated).");
            return Main.OK;
        }
    }

    static SnpProduct product(String name) throws UsageException {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "genoa" -> SnpProduct.GENOA;
            case "milan" -> SnpProduct.MILAN;
            case "turin" -> SnpProduct.TURIN;
            default -> throw new UsageException("--product: must be genoa, milan or turin, got '" + name + "'");
        };
    }

    /** Parses hex for {@code flag}: exactly {@code length} bytes, or at most that many unless {@code exact}. */
    static byte[] hex(String flag, String value, int length, boolean exact) throws UsageException {
        String digits = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": not an even number of hexadecimal digits");
        }
        if (exact ? bytes.length != length : bytes.length > length) {
            throw new UsageException(flag + ": must be " + (exact ? "exactly " : "at most ") + length + " bytes ("
                    + 2 * length + " hex digits), got " + bytes.length);
        }
        return bytes;
    }

    /** Parses {@code bl,tee,snp,ucode[,fmc]}; returns {bl, tee, snp, ucode, fmc}. */
    static int[] tcb(String value, SnpProduct product) throws UsageException {
        String[] parts = value.split(",", -1);
        if (parts.length != 4 && parts.length != 5) {
            throw new UsageException("--tcb: expected bl,tee,snp,ucode[,fmc], got '" + value + "'");
        }
        int[] t = new int[5];
        for (int i = 0; i < parts.length; i++) {
            try {
                t[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--tcb: '" + parts[i] + "' is not a number");
            }
            if (t[i] < 0 || t[i] > 255) {
                throw new UsageException("--tcb: SPL " + t[i] + " outside 0..255");
            }
        }
        if (t[4] != 0 && product != SnpProduct.TURIN) {
            throw new UsageException("--tcb: an fmc SPL exists only on turin");
        }
        return t;
    }

    static byte[] readFile(Path file, String flag) throws UsageException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException(flag + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    static void write(Path dir, String name, byte[] content) throws UsageException {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UsageException("--out: cannot write " + dir.resolve(name) + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Writes the SNP report as {@code reportName}, vcek.pem, cert_chain.pem (ASK, ARK) and crl.der. */
    static void writeSnp(Path out, SimulatedSnpEvidence ev, String reportName) throws UsageException {
        write(out, reportName, ev.report());
        write(out, "vcek.pem", Pem.certificate(ev.vcek()).getBytes(StandardCharsets.US_ASCII));
        write(out, "cert_chain.pem", ev.certChainPem().getBytes(StandardCharsets.US_ASCII));
        write(out, "crl.der", crlBytes(ev));
    }

    private static byte[] crlBytes(SimulatedSnpEvidence ev) {
        try {
            return ev.crl().getEncoded();
        } catch (CRLException e) {
            throw new IllegalStateException("simulated CRL cannot be encoded", e);
        }
    }
}
