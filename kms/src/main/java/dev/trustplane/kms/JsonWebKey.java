package dev.trustplane.kms;

import java.util.List;
import java.util.Objects;

/**
 * The public part of a key as Key Vault returns it: {@code n}/{@code e} for RSA, {@code crv}/{@code x}/{@code y}
 * for EC, nothing for oct (symmetric material is never returned). Byte fields are unsigned big-endian,
 * without leading zeros for {@code n}/{@code e}, and fixed-length coordinates for EC; the HTTP layer renders
 * them base64url without padding. Never holds private material.
 */
public record JsonWebKey(KeyType kty, List<KeyOperation> keyOps, byte[] n, byte[] e, Curve crv, byte[] x, byte[] y) {
    public JsonWebKey {
        Objects.requireNonNull(kty, "kty");
        keyOps = List.copyOf(keyOps);
        n = n == null ? null : n.clone();
        e = e == null ? null : e.clone();
        x = x == null ? null : x.clone();
        y = y == null ? null : y.clone();
    }

    @Override
    public byte[] n() {
        return n == null ? null : n.clone();
    }

    @Override
    public byte[] e() {
        return e == null ? null : e.clone();
    }

    @Override
    public byte[] x() {
        return x == null ? null : x.clone();
    }

    @Override
    public byte[] y() {
        return y == null ? null : y.clone();
    }

    /** The same public key with other key operations. */
    public JsonWebKey withKeyOps(List<KeyOperation> ops) {
        return new JsonWebKey(kty, ops, n, e, crv, x, y);
    }
}
