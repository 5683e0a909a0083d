package dev.trustplane.kms;

import java.util.List;
import java.util.Optional;

/** One page of a listing; {@code next} is an opaque continuation token for the following page. */
public record Page<T>(List<T> items, Optional<String> next) {
    public Page {
        items = List.copyOf(items);
    }
}
