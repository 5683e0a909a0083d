package dev.trustplane.evidence.azure;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code vm-configuration} object of the HCL runtime data. {@code console-enabled},
 * {@code secure-boot}, {@code tpm-enabled} and {@code vmUniqueId} occur in every known report;
 * {@code tpm-persisted} and {@code root-cert-thumbprint} only in newer ones, {@code current-time}
 * (Unix seconds) only in older ones.
 */
public record VmConfiguration(
        boolean consoleEnabled,
        boolean secureBoot,
        boolean tpmEnabled,
        Optional<Boolean> tpmPersisted,
        String vmUniqueId,
        OptionalLong currentTime,
        Optional<String> rootCertThumbprint) {}
