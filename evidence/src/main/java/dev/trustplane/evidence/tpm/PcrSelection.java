package dev.trustplane.evidence.tpm;

import java.util.List;

/**
 * One TPMS_PCR_SELECTION: a PCR bank (hash) and the selected indices in ascending order (the order
 * in which their values enter the pcrDigest). {@code hashAlgId} is kept raw because a quote may
 * select a bank whose hash this verifier does not know; {@link #hash()} resolves it.
 */
public record PcrSelection(int hashAlgId, List<Integer> indices) {

    public PcrSelection {
        indices = List.copyOf(indices);
    }

    public static PcrSelection of(TpmHash hash, List<Integer> indices) {
        return new PcrSelection(hash.algId(), indices.stream().sorted().distinct().toList());
    }

    public java.util.Optional<TpmHash> hash() {
        return TpmHash.fromAlgId(hashAlgId);
    }

    /** Marshals this selection's bitmap: PCR i is bit (i % 8) of byte i / 8; at least 3 bytes. */
    byte[] bitmap() {
        int max = indices.stream().mapToInt(Integer::intValue).max().orElse(0);
        byte[] map = new byte[Math.max(3, max / 8 + 1)];
        for (int i : indices) {
            map[i / 8] |= (byte) (1 << (i % 8));
        }
        return map;
    }
}
