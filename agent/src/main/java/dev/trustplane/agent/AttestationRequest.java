package dev.trustplane.agent;

import java.util.Objects;

/**
 * What to post to an Azure Attestation–compatible service: the route ({@code SevSnpVm}, {@code AzureCvm},
 * {@code TdxVm}, …) and its JSON body, with the workload's runtime data already bound into the evidence.
 */
public record AttestationRequest(String type, String jsonBody) {
    public AttestationRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(jsonBody, "jsonBody");
    }
}
