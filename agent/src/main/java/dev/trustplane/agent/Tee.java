package dev.trustplane.agent;

/**
 * Where evidence comes from: given the runtime data the workload wants bound (its transfer key), produce the
 * attestation request whose evidence binds SHA-256 of that data in its report data.
 */
@FunctionalInterface
public interface Tee {
    AttestationRequest attestationRequest(byte[] runtimeData) throws AgentException;
}
