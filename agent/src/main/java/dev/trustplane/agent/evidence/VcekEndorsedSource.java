package dev.trustplane.agent.evidence;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import dev.trustplane.evidence.azure.AzureFormatException;
import dev.trustplane.evidence.azure.HardwareReportType;
import dev.trustplane.evidence.azure.HclReport;

/**
 * Azure CVM evidence with the VCEK chain of its SNP report attached. The paravisor's HCL report carries no
 * certificates, so without this the verifier would need the chip's VCEK in its own collateral store. TDX-based
 * CVMs are passed through unchanged (a TDX quote's collateral is the verifier's business). A chain that cannot be
 * fetched fails the collection: evidence the verifier cannot check is not worth sending.
 */
final class VcekEndorsedSource implements EvidenceSource {
    private final EvidenceSource inner;
    private final VcekChainSource chains;

    VcekEndorsedSource(EvidenceSource inner, VcekChainSource chains) {
        this.inner = inner;
        this.chains = chains;
    }

    @Override
    public Evidence collect(byte[] reportData) throws EvidenceCollectionException {
        Evidence evidence = inner.collect(reportData);
        if (!(evidence instanceof Evidence.AzureCvm cvm) || cvm.vcekCertChain().isPresent()) {
            return evidence;
        }
        HardwareReportType type;
        try {
            type = HclReport.parse(cvm.hclReport()).hardwareReportType();
        } catch (AzureFormatException e) {
            throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, "HCL report", -1, e.getMessage());
        }
        return type == HardwareReportType.SNP ? cvm.withVcekCertChain(chains.vcekCertChainPem()) : cvm;
    }

    @Override
    public Tee tee() {
        return inner.tee();
    }

    @Override
    public String describe() {
        return inner.describe() + " + VCEK chain from " + chains.describe();
    }
}
