package dev.trustplane.kms;

import java.time.Instant;

/** A soft-deleted key: its latest version as it was, when it was deleted and when it will be purged. */
public record DeletedKey(KeyBundle key, Instant deletedDate, Instant scheduledPurgeDate) {}
