package dev.trustplane.simulator;

import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.TcbVersion;
import java.security.KeyPair;
import java.security.cert.X509Certificate;

/**
 * A simulated VCEK: the P-384 key of one chip at one reported TCB, and its certificate issued by the
 * simulated ASK. Like a real VCEK, the key depends on the chip and the TCB, so a TCB change yields
 * a different key and certificate.
 *
 * @param product the product line
 * @param chipId the 64-byte CHIP_ID (Turin: 8 meaningful bytes, zero-extended)
 * @param reportedTcb the TCB the certificate's SPL extensions certify
 * @param keys the P-384 key pair (the private key signs reports)
 * @param certificate the {@code CN=SEV-VCEK} certificate
 */
public record SimulatedVcek(SnpProduct product, byte[] chipId, TcbVersion reportedTcb, KeyPair keys,
        X509Certificate certificate) {
    /** Copies the chip id. */
    public SimulatedVcek {
        chipId = chipId.clone();
    }

    @Override
    public byte[] chipId() {
        return chipId.clone();
    }
}
