package dev.trustplane.kms.internal;

import dev.trustplane.kms.KmsException;
import java.math.BigInteger;

/** Conversions between non-negative integers and their unsigned big-endian byte forms (JWK, RFC 8017 I2OSP). */
final class Unsigned {
    private Unsigned() {}

    /** Minimal unsigned form (no leading zeros; zero is one byte). */
    static byte[] minimal(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }

    /** Fixed-length unsigned form (I2OSP); throws if the value does not fit. */
    static byte[] fixed(BigInteger value, int length) {
        byte[] minimal = minimal(value);
        if (minimal.length > length) {
            throw new IllegalArgumentException("integer too large for " + length + " bytes");
        }
        byte[] out = new byte[length];
        System.arraycopy(minimal, 0, out, length - minimal.length, minimal.length);
        return out;
    }

    static BigInteger of(byte[] bytes) {
        return new BigInteger(1, bytes);
    }

    static BigInteger required(byte[] bytes, String field) {
        if (bytes == null || bytes.length == 0) {
            throw KmsException.badParameter("JSON Web Key: the '" + field + "' property is required.");
        }
        return new BigInteger(1, bytes);
    }
}
