package dev.trustplane.agent.evidence;

import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.simulator.AzureCvmSimulator;
import dev.trustplane.simulator.AzureCvmSpec;
import dev.trustplane.simulator.SimulatedAzureCvmEvidence;
import dev.trustplane.simulator.SimulatedRoots;
import dev.trustplane.simulator.SimulatedSnpEvidence;
import dev.trustplane.simulator.SnpSimulator;
import dev.trustplane.simulator.SnpSpec;
import java.security.cert.CertificateEncodingException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The simulator as an evidence source ({@code --tee sim}): SNP reports, or Azure CVM evidence, signed under
 * {@link SimulatedRoots} — byte-exact, so the production verifiers run unchanged, and rejected by any trust
 * profile that does not list the simulated roots. Each collection builds a fresh spec from the settings, so
 * the source is thread-safe.
 *
 * @param roots the simulated roots to sign under
 * @param azure whether to produce Azure CVM evidence (HCL report + vTPM quote) instead of a bare SNP report
 * @param product the SNP product line
 * @param measurement MEASUREMENT (48 bytes), or empty for the simulator's seed-derived default
 * @param debug whether POLICY allows debugging (bit 19)
 * @param tcb REPORTED_TCB components {bootLoader, tee, snp, microcode, fmc}, or empty for the product's default
 */
public record SimulatedTee(SimulatedRoots roots, boolean azure, SnpProduct product, Optional<byte[]> measurement,
        boolean debug, Optional<int[]> tcb) implements EvidenceSource {

    public SimulatedTee {
        Objects.requireNonNull(roots, "roots");
        Objects.requireNonNull(product, "product");
        measurement = measurement.map(byte[]::clone);
        if (measurement.isPresent() && measurement.get().length != 48) {
            throw new IllegalArgumentException("a measurement is 48 bytes, got " + measurement.get().length);
        }
        tcb = tcb.map(int[]::clone);
        if (tcb.isPresent() && tcb.get().length != 5) {
            throw new IllegalArgumentException("TCB takes 5 components {bootLoader, tee, snp, microcode, fmc}");
        }
    }

    /** A genuine-looking SNP guest under the standard simulated roots: Genoa, default measurement, debug off. */
    public static SimulatedTee snp() {
        return new SimulatedTee(SimulatedRoots.standard(), false, SnpProduct.GENOA, Optional.empty(), false, Optional.empty());
    }

    /** The same as an Azure CVM. */
    public static SimulatedTee azureCvm() {
        return snp().asAzureCvm(true);
    }

    public SimulatedTee withMeasurement(byte[] m) {
        return new SimulatedTee(roots, azure, product, Optional.of(m), debug, tcb);
    }

    public SimulatedTee withDebug(boolean d) {
        return new SimulatedTee(roots, azure, product, measurement, d, tcb);
    }

    /** REPORTED_TCB components; fmc is used on Turin only. */
    public SimulatedTee withTcb(int bootLoader, int tee, int snp, int microcode, int fmc) {
        return new SimulatedTee(roots, azure, product, measurement, debug,
                Optional.of(new int[] {bootLoader, tee, snp, microcode, fmc}));
    }

    public SimulatedTee asAzureCvm(boolean a) {
        return new SimulatedTee(roots, a, product, measurement, debug, tcb);
    }

    @Override
    public Optional<byte[]> measurement() {
        return measurement.map(byte[]::clone);
    }

    @Override
    public Optional<int[]> tcb() {
        return tcb.map(int[]::clone);
    }

    @Override
    public Tee tee() {
        return Tee.SIM;
    }

    @Override
    public String describe() {
        return "simulator (" + (azure ? "Azure CVM, " : "SNP, ") + product.kdsName() + ", debug " + (debug ? "on" : "off") + ")";
    }

    @Override
    public Evidence collect(byte[] reportData) throws EvidenceCollectionException {
        byte[] data = EvidenceSource.checkReportData(reportData);
        SnpSpec spec = new SnpSpec().product(product).debug(debug);
        measurement.ifPresent(spec::measurement);
        tcb.ifPresent(t -> spec.tcb(t[0], t[1], t[2], t[3], t[4]));
        if (azure) {
            SimulatedAzureCvmEvidence e = new AzureCvmSimulator(new SnpSimulator(roots))
                    .generate(new AzureCvmSpec().snp(spec).nonce(data).userData(data));
            return new Evidence.AzureCvm(e.hclReport(), e.quoteMessage(), tpmtSignature(e.quoteSignature()),
                    e.quoteSignature(), e.pcrs(), e.nonce(), "simulator");
        }
        SimulatedSnpEvidence e = new SnpSimulator(roots).generate(spec.reportData(data));
        return new Evidence.Snp(e.report(), Optional.of(table(e)), "simulator");
    }

    /** The certificate table a host would hand out with the report: VCEK, ASK, ARK. */
    private static SnpCertificateTable table(SimulatedSnpEvidence e) throws EvidenceCollectionException {
        try {
            Map<java.util.UUID, byte[]> m = new LinkedHashMap<>();
            m.put(SnpCertificateTable.VCEK, e.vcek().getEncoded());
            m.put(SnpCertificateTable.ASK, e.ask().getEncoded());
            m.put(SnpCertificateTable.ARK, e.ark().getEncoded());
            return new SnpCertificateTable(m);
        } catch (CertificateEncodingException ex) {
            throw new EvidenceCollectionException(EvidenceCollectionException.Failure.DEVICE_ERROR,
                    "simulated certificates cannot be encoded", ex);
        }
    }

    /** TPMT_SIGNATURE {RSASSA, SHA-256, TPM2B sig} around the simulator's raw signature. */
    private static byte[] tpmtSignature(byte[] raw) {
        return new TpmWriter().u16(Tpm2.ALG_RSASSA).u16(Tpm2.ALG_SHA256).tpm2b(raw).toBytes();
    }
}
