package dev.trustplane.simulator;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.snp.CpuId;
import dev.trustplane.evidence.snp.FirmwareVersion;
import dev.trustplane.evidence.snp.SigningKey;
import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.SnpReportBuilder;
import dev.trustplane.evidence.snp.TcbVersion;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * Produces byte-exact AMD SEV-SNP attestation reports (versions 2, 3 and 5) signed by a simulated
 * VCEK, with the collateral that endorses them.
 *
 * <p>How a report is made: the fields of the {@link SnpSpec} (defaults filled in per product) are
 * written by the evidence module's {@link SnpReportBuilder}, which uses the same offsets as the
 * parser; the VCEK for (product, CHIP_ID, REPORTED_TCB) is taken from {@link SimulatedRoots}; bytes
 * 0x000-0x29F are signed with ECDSA P-384 / SHA-384 and R and S stored as 72-byte little-endian
 * fields, as the AMD secure processor does. The nonce is derived per RFC 6979 (deterministic
 * ECDSA), so the same spec and seed always give the same report bytes.
 *
 * <p>Thread-safe (the roots are; each call builds its own report).
 */
public final class SnpSimulator {
    private final SimulatedRoots roots;

    /** A simulator signing under {@code roots}. */
    public SnpSimulator(SimulatedRoots roots) {
        this.roots = Objects.requireNonNull(roots, "roots");
    }

    /** A simulator signing under {@link SimulatedRoots#standard()}. */
    public static SnpSimulator standard() {
        return new SnpSimulator(SimulatedRoots.standard());
    }

    /** The roots this simulator signs under. */
    public SimulatedRoots roots() {
        return roots;
    }

    /**
     * Builds and signs a report.
     *
     * @throws IllegalArgumentException when the spec is inconsistent (e.g. an FMC SPL on Milan)
     */
    public SimulatedSnpEvidence generate(SnpSpec spec) {
        SnpProduct product = spec.product;
        ProductDefaults d = ProductDefaults.of(product);
        TcbVersion reported = reportedTcb(spec, d);
        byte[] chipId = spec.chipId != null ? Arrays.copyOf(spec.chipId, 64) : roots.defaultChipId(product);
        SimulatedVcek vcek = roots.vcek(product, chipId, reported);
        long policy = (spec.policy != null ? spec.policy : 0x3001FL) | (spec.debug ? 1L << 19 : 0);
        FirmwareVersion firmware = spec.firmware != null ? spec.firmware : d.firmware();

        SnpReportBuilder b = SnpReportBuilder.create(spec.version)
                .guestSvn(spec.guestSvn)
                .policy(policy)
                .familyId(spec.familyId)
                .imageId(spec.imageId)
                .vmpl(spec.vmpl)
                .currentTcb(orElse(spec.currentTcb, reported))
                .platformInfo(spec.platformInfo != null ? spec.platformInfo : d.platformInfo())
                .signer(false, false, SigningKey.VCEK)
                .reportData(spec.reportData)
                .measurement(spec.measurement != null ? spec.measurement : roots.derive("measurement", 48))
                .hostData(spec.hostData)
                .idKeyDigest(spec.idKeyDigest)
                .authorKeyDigest(spec.authorKeyDigest)
                .reportId(roots.derive("report-id/" + product.kdsName(), 32))
                .reportIdMa(filled(32, 0xFF))
                .reportedTcb(reported)
                .chipId(chipId)
                .committedTcb(orElse(spec.committedTcb, reported))
                .currentFirmware(firmware)
                .committedFirmware(firmware)
                .launchTcb(orElse(spec.launchTcb, reported));
        if (spec.version >= 3) {
            b.cpuid(spec.cpuid != null ? spec.cpuid : d.cpuid());
        }
        if (spec.version >= 5) {
            b.launchMitigationVector(d.mitigationVector()).currentMitigationVector(d.mitigationVector());
        }
        spec.customizer.accept(b);
        byte[] report = sign(b, (ECPrivateKey) vcek.keys().getPrivate());
        ProductRoots r = roots.product(product);
        return new SimulatedSnpEvidence(report, product, vcek.certificate(), r.ask(), r.ark(), roots.crl(product));
    }

    /**
     * Signs bytes 0x000-0x29F of the builder's report with {@code key} (deterministic ECDSA P-384,
     * SHA-384) and returns the finished report bytes.
     */
    public static byte[] sign(SnpReportBuilder b, ECPrivateKey key) {
        X9ECParameters curve = CustomNamedCurves.getByName("secp384r1");
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA384Digest()));
        signer.init(true, new ECPrivateKeyParameters(key.getS(),
                new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH())));
        BigInteger[] rs = signer.generateSignature(sha384(b.signedBytes()));
        try {
            return b.signature(rs[0], rs[1]).build().toBytes();
        } catch (EvidenceFormatException e) {
            throw new IllegalArgumentException("the spec yields an invalid report: " + e.getMessage(), e);
        }
    }

    private static TcbVersion reportedTcb(SnpSpec spec, ProductDefaults d) {
        if (spec.reportedTcb != null) {
            return spec.reportedTcb;
        }
        int[] t = spec.tcbParts != null ? spec.tcbParts : d.tcb();
        return TcbVersion.of(spec.product.tcbLayout(), t[4], t[0], t[1], t[2], t[3]);
    }

    private static TcbVersion orElse(TcbVersion v, TcbVersion fallback) {
        return v != null ? v : fallback;
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] sha384(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-384").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is mandatory in every JDK", e);
        }
    }

    /** Realistic per-product values, taken from real reports of each generation. */
    private record ProductDefaults(CpuId cpuid, int[] tcb, FirmwareVersion firmware, long platformInfo,
            long mitigationVector) {
        static ProductDefaults of(SnpProduct p) {
            return switch (p) {
                case MILAN -> new ProductDefaults(new CpuId(0x19, 0x01, 0x01), new int[] {4, 0, 24, 219, 0},
                        new FirmwareVersion(1, 55, 29), 0x25, 0x1);
                case GENOA -> new ProductDefaults(new CpuId(0x19, 0x11, 0x01), new int[] {10, 0, 23, 84, 0},
                        new FirmwareVersion(1, 55, 40), 0x25, 0x1);
                case TURIN -> new ProductDefaults(new CpuId(0x1A, 0x02, 0x01), new int[] {1, 1, 4, 81, 1},
                        new FirmwareVersion(1, 55, 65), 0x65, 0x3F);
            };
        }
    }
}
