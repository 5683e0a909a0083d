package dev.trustplane.kms.internal;

import dev.trustplane.kms.Curve;
import dev.trustplane.kms.KeyMaterial;
import dev.trustplane.kms.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The plaintext form of a key version's material before sealing: a version byte, a family byte, then
 * length-prefixed fields (RSA: n e d p q dp dq qi; EC: curve x y d; oct: k). A byte format rather than JSON
 * so the plaintext lives in arrays we can zero, never in immutable strings.
 */
final class MaterialCodec {
    private static final byte FORMAT = 1;
    private static final byte RSA = 1;
    private static final byte EC = 2;
    private static final byte OCT = 3;

    private MaterialCodec() {}

    /** Encodes the material; the caller zeroes the result after sealing it. */
    static byte[] encode(KeyMaterial material) {
        var out = new Writer();
        out.raw(FORMAT);
        switch (material) {
            case KeyMaterial.Rsa r -> {
                out.raw(RSA);
                out.field(r.n());
                out.field(r.e());
                for (SecretBytes s : new SecretBytes[] {r.d(), r.p(), r.q(), r.dp(), r.dq(), r.qi()}) {
                    out.secret(s);
                }
            }
            case KeyMaterial.Ec e -> {
                out.raw(EC);
                out.raw((byte) e.crv().ordinal());
                out.field(e.x());
                out.field(e.y());
                out.secret(e.d());
            }
            case KeyMaterial.Oct o -> {
                out.raw(OCT);
                out.secret(o.k());
            }
        }
        return out.finish();
    }

    /** Decodes; {@code bytes} is left for the caller to zero. */
    static KeyMaterial decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != FORMAT) {
            throw new IllegalStateException("unknown key material format");
        }
        byte family = in.get();
        return switch (family) {
            case RSA -> new KeyMaterial.Rsa(field(in), field(in), secret(in), secret(in), secret(in), secret(in),
                    secret(in), secret(in));
            case EC -> new KeyMaterial.Ec(Curve.values()[in.get()], field(in), field(in), secret(in));
            case OCT -> new KeyMaterial.Oct(secret(in));
            default -> throw new IllegalStateException("unknown key material family " + family);
        };
    }

    private static byte[] field(ByteBuffer in) {
        byte[] value = new byte[in.getInt()];
        in.get(value);
        return value;
    }

    private static SecretBytes secret(ByteBuffer in) {
        return SecretBytes.adopt(field(in));
    }

    /** A growable buffer that zeroes every intermediate copy it makes. */
    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);

        void raw(byte b) {
            out.write(b);
        }

        void field(byte[] value) {
            out.write(value.length >>> 24);
            out.write(value.length >>> 16);
            out.write(value.length >>> 8);
            out.write(value.length);
            out.writeBytes(value);
        }

        void secret(SecretBytes s) {
            byte[] value = s.copy();
            try {
                field(value);
            } finally {
                Arrays.fill(value, (byte) 0);
            }
        }

        byte[] finish() {
            byte[] result = out.toByteArray();
            // ByteArrayOutputStream keeps its own buffer; overwrite it before it is dropped.
            out.reset();
            out.writeBytes(new byte[result.length]);
            return result;
        }
    }
}
