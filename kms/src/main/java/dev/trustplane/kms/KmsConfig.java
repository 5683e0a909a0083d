package dev.trustplane.kms;

/**
 * Vault-wide settings fixed at start.
 *
 * @param retentionDays soft-delete retention, 7–90 days (Key Vault's range), default 90
 * @param maxResults    largest page a listing returns (Key Vault: 25)
 */
public record KmsConfig(int retentionDays, int maxResults) {
    public KmsConfig {
        if (retentionDays < 7 || retentionDays > 90) {
            throw new IllegalArgumentException("soft-delete retention must be 7 to 90 days, got " + retentionDays);
        }
        if (maxResults < 1 || maxResults > 1000) {
            throw new IllegalArgumentException("max results must be 1 to 1000, got " + maxResults);
        }
    }

    public static KmsConfig defaults() {
        return new KmsConfig(90, 25);
    }
}
