package dev.trustplane.evidence.tpm;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Claimed PCR values, per bank (hash algorithm) and index, as supplied beside a quote. They are
 * untrusted until {@link QuoteVerifier} has recomputed the quote's pcrDigest from them; only the
 * values the quote selects are covered by that check.
 */
public final class PcrValues {

    private final Map<TpmHash, TreeMap<Integer, byte[]>> banks;

    private PcrValues(Map<TpmHash, TreeMap<Integer, byte[]>> banks) {
        this.banks = banks;
    }

    public static PcrValues empty() {
        return new PcrValues(Map.of());
    }

    /** A bank given as a list in index order 0, 1, 2, ... (the trustee/Azure containers' form). */
    public static PcrValues ofBank(TpmHash hash, List<byte[]> valuesFromIndexZero) {
        Builder b = builder();
        for (int i = 0; i < valuesFromIndexZero.size(); i++) {
            b.put(hash, i, valuesFromIndexZero.get(i));
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<byte[]> get(TpmHash hash, int index) {
        TreeMap<Integer, byte[]> bank = banks.get(hash);
        return bank == null ? Optional.empty() : Optional.ofNullable(bank.get(index)).map(byte[]::clone);
    }

    /** Indices present for a bank, ascending. */
    public List<Integer> indices(TpmHash hash) {
        TreeMap<Integer, byte[]> bank = banks.get(hash);
        return bank == null ? List.of() : List.copyOf(bank.keySet());
    }

    @Override
    public String toString() {
        Map<TpmHash, Integer> counts = new TreeMap<>();
        banks.forEach((h, b) -> counts.put(h, b.size()));
        return "PcrValues" + counts;
    }

    /** Collects values; rejects a value whose length does not match its bank's digest size. */
    public static final class Builder {
        private final Map<TpmHash, TreeMap<Integer, byte[]>> banks = new HashMap<>();

        public Builder put(TpmHash hash, int index, byte[] value) {
            if (index < 0 || index > 255) {
                throw new IllegalArgumentException("PCR index out of range: " + index);
            }
            if (value.length != hash.digestLength()) {
                throw new IllegalArgumentException("PCR " + index + " in bank " + hash + " is " + value.length
                        + " bytes, expected " + hash.digestLength());
            }
            banks.computeIfAbsent(hash, h -> new TreeMap<>()).put(index, value.clone());
            return this;
        }

        public PcrValues build() {
            Map<TpmHash, TreeMap<Integer, byte[]>> copy = new HashMap<>();
            banks.forEach((h, b) -> copy.put(h, new TreeMap<>(b)));
            return new PcrValues(Collections.unmodifiableMap(copy));
        }
    }
}
