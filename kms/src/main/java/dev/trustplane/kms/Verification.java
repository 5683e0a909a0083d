package dev.trustplane.kms;

/**
 * Result of verify: whether the signature is valid, and the key version that checked it (the latest when the caller
 * named none), so that the audit record of a verification names the version as a signature's record does.
 */
public record Verification(String name, String version, boolean valid) {}
