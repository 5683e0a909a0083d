package dev.trustplane.agent.evidence;

/**
 * Where the agent gets the VCEK certificate chain of an SEV-SNP report when the report does not come with one.
 * On an Azure confidential VM the paravisor hands out the HCL report without certificates, and the host's cache
 * of AMD collateral is reachable through the instance metadata service ({@link ThimVcekChain}).
 */
public interface VcekChainSource {
    /**
     * The chain as PEM: the VCEK first, then the ASK and the ARK.
     *
     * @throws EvidenceCollectionException {@code NOT_AVAILABLE} when the service cannot be reached,
     *     {@code DEVICE_ERROR} when it refuses, {@code MALFORMED_OUTPUT} naming the field when its answer is not
     *     a certificate chain
     */
    String vcekCertChainPem() throws EvidenceCollectionException;

    /** Where the chain comes from, for messages. */
    String describe();
}
