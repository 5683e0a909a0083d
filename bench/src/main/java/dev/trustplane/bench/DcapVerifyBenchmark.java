package dev.trustplane.bench;

import dev.trustplane.evidence.FastCrypto;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.dcap.DcapCollateral;
import dev.trustplane.evidence.dcap.DcapQuote;
import dev.trustplane.evidence.dcap.DcapVerifier;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
 * Verifying a real TDX v5 quote (Emerald Rapids) with warm Intel collateral, against the floor: the two
 * ECDSA P-256 checks verification cannot avoid (QE report by the PCK key, quote by the attestation
 * key), done with the same provider. Goal: ratio ≥ 0.7. A second floor also builds the attestation key
 * from the quote's bytes, as every verifier must; {@link DcapVerifyCpu} runs all three in CPU time,
 * interleaved, for loaded machines.
 *
 * <p>Run: {@code ./mvnw -B -Pbench -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar
 * DcapVerify -f 2 -wi 3 -i 5} (vectors from {@code -Dtrustplane.shared}, default {@code ../shared}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DcapVerifyBenchmark {
    @Param({"corretto", "jdk"})
    public String provider;

    private byte[] quote;
    private DcapCollateral collateral;
    private DcapVerifier verifier;
    private PublicKey pckKey;
    private PublicKey attestationKey;
    private byte[] qeReport;
    private byte[] qeSignature;
    private byte[] signedData;
    private byte[] quoteSignature;
    private byte[] rawAttestationKey;

    @Setup
    public void setUp() throws Exception {
        String name = provider.equals("corretto") ? FastCrypto.install() : "SunEC";
        if (provider.equals("corretto") && !name.equals("AmazonCorrettoCryptoProvider")) {
            throw new IllegalStateException("Corretto unavailable: " + name);
        }
        if (provider.equals("jdk")) {
            java.security.Security.removeProvider("AmazonCorrettoCryptoProvider");
        }
        Path vectors = Path.of(System.getProperty("trustplane.shared", "../shared"), "vectors");
        quote = Files.readAllBytes(vectors.resolve("tdx/v5-emr-gotdx.dat"));
        List<byte[]> blobs = new ArrayList<>();
        for (String f : List.of("intel-tdx-tcbinfo-90c06f000000-2026.json", "intel-td-qe-identity-2025.json",
                "intel-tcb-signing-2025.der", "intel-root-ca-crl-2023.der")) {
            blobs.add(Files.readAllBytes(vectors.resolve("collateral").resolve(f)));
        }
        collateral = DcapCollateral.of(blobs);
        verifier = new DcapVerifier(TrustProfile.production(),
                Clock.fixed(Instant.parse("2026-02-15T00:00:00Z"), ZoneOffset.UTC), DcapVerifier.Options.defaults());
        if (!verifier.verify(quote, collateral, null).genuine()) {
            throw new IllegalStateException("the vector does not verify");
        }
        DcapQuote q = DcapQuote.parse(quote);
        X509Certificate pck = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(q.pckChainPem().orElseThrow().getBytes()));
        pckKey = pck.getPublicKey();
        attestationKey = dev.trustplane.evidence.dcap.internal.P256.publicKey(q.attestationKey()).orElseThrow();
        qeReport = q.qe().qeReport().raw();
        qeSignature = q.qe().qeReportSignature();
        signedData = q.signedData();
        quoteSignature = q.signature();
        rawAttestationKey = q.attestationKey();
    }

    /** The whole appraisal: parse, PCK chain and CRLs, both signatures, collateral (warm), TCB evaluation, claims. */
    @Benchmark
    public boolean verifyQuote() {
        return verifier.verify(quote, collateral, null).genuine();
    }

    /** The floor: the QE report and quote signature checks, same provider. */
    @Benchmark
    public boolean bareTwoP256Verifies() throws Exception {
        return verify(pckKey, qeReport, qeSignature) & verify(attestationKey, signedData, quoteSignature);
    }

    /**
     * The floor as any verifier meets it: the same two verifies, with the attestation key built from the
     * quote's raw x‖y (checked on the curve, the provider's key factory), since it differs per quote and
     * no verifier can have it ready. The PCK key is taken ready-made as above (it comes with the chain).
     */
    @Benchmark
    public boolean bareTwoP256VerifiesKeyFromQuote() throws Exception {
        PublicKey key = dev.trustplane.evidence.dcap.internal.P256.publicKey(rawAttestationKey).orElseThrow();
        return verify(pckKey, qeReport, qeSignature) & verify(key, signedData, quoteSignature);
    }

    private boolean verify(PublicKey key, byte[] data, byte[] signature) throws Exception {
        Signature s = provider.equals("jdk") ? Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC")
                : Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initVerify(key);
        s.update(data);
        return s.verify(signature);
    }
}
