package dev.trustplane.kms.internal;

import dev.trustplane.kms.DeletedKey;
import dev.trustplane.kms.KeyBundle;
import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.Page;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Keyset pagination: a continuation token is the base64url of the last name (or version sequence) seen,
 * so pages stay consistent while keys are added or removed, and a token never exposes anything not
 * already listed. One extra row is read to know whether another page exists.
 */
final class Listings {
    private final KeyRepository repo;
    private final Bundles bundles;
    private final KmsConfig config;

    Listings(KeyRepository repo, Bundles bundles, KmsConfig config) {
        this.repo = repo;
        this.bundles = bundles;
        this.config = config;
    }

    Page<KeyBundle> keys(Optional<String> token, int maxResults) {
        int limit = limit(maxResults);
        List<VersionRow> rows = repo.latestVersions(false, after(token), limit + 1);
        return page(rows, limit, rows.stream().map(bundles::bundle).toList(), r -> r.name());
    }

    Page<DeletedKey> deleted(Optional<String> token, int maxResults) {
        int limit = limit(maxResults);
        List<VersionRow> rows = repo.latestVersions(true, after(token), limit + 1);
        List<DeletedKey> items = new ArrayList<>();
        for (VersionRow row : rows) {
            repo.key(row.name()).filter(KeyRepository.KeyRow::deleted).ifPresent(k -> items.add(new DeletedKey(
                    bundles.bundle(row), k.deletedAt().orElseThrow(), k.purgeAt().orElseThrow())));
        }
        return page(rows, limit, items, r -> r.name());
    }

    Page<KeyBundle> versions(String name, Optional<String> token, int maxResults) {
        int limit = limit(maxResults);
        long afterSeq;
        try {
            afterSeq = token.map(Listings::decode).map(Long::parseLong).orElse(0L);
        } catch (NumberFormatException e) {
            throw KmsException.badParameter("The continuation token is not valid.");
        }
        List<VersionRow> rows = repo.versions(name, afterSeq, limit + 1);
        return page(rows, limit, rows.stream().map(bundles::bundle).toList(), r -> Long.toString(r.seq()));
    }

    private int limit(int maxResults) {
        if (maxResults < 0) {
            throw KmsException.badParameter("maxresults must be a positive number.");
        }
        return maxResults == 0 ? config.maxResults() : Math.min(maxResults, config.maxResults());
    }

    private static <T> Page<T> page(List<VersionRow> rows, int limit, List<T> items,
            java.util.function.Function<VersionRow, String> position) {
        if (rows.size() <= limit) {
            return new Page<>(items, Optional.empty());
        }
        String last = position.apply(rows.get(limit - 1));
        return new Page<>(items.subList(0, Math.min(limit, items.size())), Optional.of(encode(last)));
    }

    private static String after(Optional<String> token) {
        return token.map(Listings::decode).orElse("");
    }

    private static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw KmsException.badParameter("The continuation token is not valid.");
        }
    }
}
