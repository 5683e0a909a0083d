package dev.trustplane.bench;

import dev.trustplane.evidence.FastCrypto;
import dev.trustplane.evidence.snp.SnpCollateral;
import dev.trustplane.evidence.snp.SnpCollateralLoader;
import dev.trustplane.evidence.snp.SnpReport;
import dev.trustplane.evidence.snp.SnpVerifier;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verifying a real Genoa SNP report with warm collateral, against the floor: the one ECDSA P-384
 * signature check that verification cannot avoid, done with the same provider. Goal: ratio ≥ 0.8.
 *
 * <p>Run: {@code ./mvnw -B -Pbench -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar
 * SnpVerify -f 3 -wi 3 -i 5} (the vectors are read from {@code -Dtrustplane.shared}, default {@code ../shared}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SnpVerifyBenchmark {
    @Param({"corretto", "jdk"})
    public String provider;

    private byte[] report;
    private SnpCollateral collateral;
    private SnpVerifier verifier;
    private PublicKey vcekKey;
    private byte[] signedBytes;
    private byte[] derSignature;
    private String providerName;

    @Setup
    public void setUp() throws Exception {
        providerName = provider.equals("corretto") ? FastCrypto.install() : "SunEC";
        if (provider.equals("corretto") && !providerName.equals("AmazonCorrettoCryptoProvider")) {
            throw new IllegalStateException("Corretto unavailable: " + providerName);
        }
        if (provider.equals("jdk")) {
            java.security.Security.removeProvider("AmazonCorrettoCryptoProvider");
        }
        Path vectors = Path.of(System.getProperty("trustplane.shared", "../shared"), "vectors");
        report = Files.readAllBytes(vectors.resolve("snp/genoa-v3-ms.bin"));
        collateral = new SnpCollateralLoader()
                .addBytes(Files.readAllBytes(vectors.resolve("collateral/vcek-genoa-ms.pem")))
                .addBytes(Files.readAllBytes(vectors.resolve("roots/amd-genoa-ask-ark.pem")))
                .collateral();
        verifier = SnpVerifier.production(Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));
        if (!verifier.verify(report, collateral).genuine()) {
            throw new IllegalStateException("the vector does not verify");
        }
        SnpReport parsed = SnpReport.parse(report);
        vcekKey = collateral.leaf().getPublicKey();
        signedBytes = parsed.signedBytes();
        derSignature = der(parsed.signatureR(), parsed.signatureS());
    }

    /** The whole appraisal: parse, chain (warm), signature, binding, claims. */
    @Benchmark
    public boolean verifyReport() {
        return verifier.verify(report, collateral).genuine();
    }

    /** The floor: one ECDSA P-384 verify of the same bytes with the same provider. */
    @Benchmark
    public boolean bareEcdsaP384Verify() throws Exception {
        Signature s = provider.equals("jdk") ? Signature.getInstance("SHA384withECDSA", "SunEC")
                : Signature.getInstance("SHA384withECDSA", "AmazonCorrettoCryptoProvider");
        s.initVerify(vcekKey);
        s.update(signedBytes);
        return s.verify(derSignature);
    }

    private static byte[] der(BigInteger r, BigInteger s) {
        byte[] rb = r.toByteArray();
        byte[] sb = s.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        int len = 2 + rb.length + 2 + sb.length;
        if (len > 127) {
            out.write(0x81);
        }
        out.write(len);
        out.write(0x02);
        out.write(rb.length);
        out.writeBytes(rb);
        out.write(0x02);
        out.write(sb.length);
        out.writeBytes(sb);
        return out.toByteArray();
    }
}
