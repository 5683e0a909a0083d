package dev.trustplane.agent;

import dev.trustplane.simulator.MaaSnpRequest;
import dev.trustplane.simulator.SnpSimulator;
import dev.trustplane.simulator.SnpSpec;
import java.util.Objects;

/**
 * The simulator as a TEE: SEV-SNP evidence chained to the simulator's roots (accepted only by a server started
 * with {@code --trust simulated}), with the report fields the spec sets — measurement, debug, TCB — and the
 * runtime data bound as Azure Attestation expects (REPORT_DATA = SHA-256 of it).
 */
public final class SimulatedTee implements Tee {
    private final SnpSpec spec;

    /** @param spec the report to simulate; its report data is replaced by the binding of the runtime data */
    public SimulatedTee(SnpSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    @Override
    public AttestationRequest attestationRequest(byte[] runtimeData) {
        var evidence = SnpSimulator.standard().generate(spec.reportData(MaaSnpRequest.reportDataFor(runtimeData)));
        return new AttestationRequest("SevSnpVm", MaaSnpRequest.body(evidence, runtimeData));
    }
}
