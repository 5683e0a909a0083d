package dev.trustplane.simulator.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.PrivateKey;
import java.security.SecureRandom;

/**
 * Writes DCAP ECDSA quotes byte for byte as Intel's Quoting Enclaves do (the inverse of
 * {@code DcapQuote.parse}): header, body (v5: type and size first), then the signature data — quote
 * signature, attestation key, and the QE certification data, wrapped in type 6 for v4/v5. Signs the
 * header and body with the attestation key and the QE report with the PCK key.
 */
public final class DcapQuoteEncoder {
    private static final byte[] INTEL_VENDOR = java.util.HexFormat.of().parseHex("939a7233f79c4ca9940a0db3957f0607");

    /** Everything a quote carries; {@code body} is the encoded report body. */
    public record Parts(int version, long teeType, int qeSvn, int pceSvn, byte[] userData, int bodyType, byte[] body,
            PrivateKey attestationSigner, byte[] attestationKeyRaw, byte[] qeReport, PrivateKey pckSigner, byte[] authData,
            byte[] pckChainPem, SecureRandom random) {}

    private DcapQuoteEncoder() {}

    public static byte[] encode(Parts p) {
        ByteBuffer header = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort((short) p.version()).putShort((short) 2).putInt((int) p.teeType())
                .putShort((short) (p.version() == 3 ? p.qeSvn() : 0)).putShort((short) (p.version() == 3 ? p.pceSvn() : 0))
                .put(INTEL_VENDOR).put(java.util.Arrays.copyOf(p.userData(), 20));
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.writeBytes(header.array());
        if (p.version() == 5) {
            signed.writeBytes(le(2, p.bodyType()));
            signed.writeBytes(le(4, p.body().length));
        }
        signed.writeBytes(p.body());
        byte[] signedData = signed.toByteArray();

        ByteArrayOutputStream qe = new ByteArrayOutputStream();
        qe.writeBytes(p.qeReport());
        qe.writeBytes(IntelCertificates.signRaw(p.pckSigner(), p.qeReport(), p.random()));
        qe.writeBytes(le(2, p.authData().length));
        qe.writeBytes(p.authData());
        qe.writeBytes(le(2, 5));
        qe.writeBytes(le(4, p.pckChainPem().length));
        qe.writeBytes(p.pckChainPem());
        byte[] qeData = qe.toByteArray();

        ByteArrayOutputStream sig = new ByteArrayOutputStream();
        sig.writeBytes(IntelCertificates.signRaw(p.attestationSigner(), signedData, p.random()));
        sig.writeBytes(p.attestationKeyRaw());
        if (p.version() != 3) {
            sig.writeBytes(le(2, 6));
            sig.writeBytes(le(4, qeData.length));
        }
        sig.writeBytes(qeData);
        byte[] sigData = sig.toByteArray();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(signedData);
        out.writeBytes(le(4, sigData.length));
        out.writeBytes(sigData);
        return out.toByteArray();
    }

    private static byte[] le(int size, long value) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return b;
    }
}
