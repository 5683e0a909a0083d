package dev.trustplane.simulator;

import dev.trustplane.evidence.TrustAnchor;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.simulator.internal.DeterministicKeys;
import dev.trustplane.simulator.internal.IntelCertificates;
import dev.trustplane.simulator.internal.SeedStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Simulated Intel SGX/TDX roots: the Intel SGX Root CA, the PCK Platform CA and the TCB Signing key,
 * all P-256 and derived from one seed, with certificates named and shaped like Intel's (see
 * {@code internal.IntelCertificates}); PCK keys and certificates per simulated platform; CRLs of the
 * Platform CA and the Root CA.
 *
 * <p><b>Determinism.</b> Keys come from the seed and a label ({@code "intel/root"},
 * {@code "intel/pck/<ppid hex>"}, …) and ECDSA nonces from the seed stream, so the same seed gives
 * byte-identical certificates, collateral and quotes in every run. Validity periods follow Intel's:
 * root 2018-05-21 → 2049-12-31, Platform CA 2018-05-21 → 2033-05-21, PCK and TCB Signing 7 years from
 * {@link #DEFAULT_NOT_BEFORE}.
 *
 * <p><b>Simulation only.</b> The seed is public; only {@link #trustProfile()} (a
 * {@link TrustProfile.Kind#SIMULATED} profile) accepts what these keys sign. Thread-safe.
 */
public final class SimulatedIntel {
    /** The seed of {@link #standard()}. */
    public static final String DEFAULT_SEED = "trustplane simulated Intel roots v1";
    /** Issue date of simulated PCK and TCB Signing certificates and of simulated collateral. */
    public static final Instant DEFAULT_NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    static final String ROOT_CN = "Intel SGX Root CA";
    static final String PLATFORM_CA_CN = "Intel SGX PCK Platform CA";
    static final String SIGNING_CN = "Intel SGX TCB Signing";

    private static final Map<String, SimulatedIntel> CACHE = new ConcurrentHashMap<>();

    private final SeedStream seed;
    private final KeyPair root;
    private final KeyPair platformCa;
    private final KeyPair signing;
    private final X509Certificate rootCert;
    private final X509Certificate platformCaCert;
    private final X509Certificate signingCert;
    private final Map<String, X509Certificate> pcks = new ConcurrentHashMap<>();

    private SimulatedIntel(byte[] seedBytes) {
        this.seed = new SeedStream(seedBytes);
        this.root = DeterministicKeys.p256(seed, "intel/root");
        this.platformCa = DeterministicKeys.p256(seed, "intel/platform-ca");
        this.signing = DeterministicKeys.p256(seed, "intel/tcb-signing");
        this.rootCert = IntelCertificates.ca(ROOT_CN, ROOT_CN, serial("root"), root.getPublic(), root.getPublic(),
                root.getPrivate(), Instant.parse("2018-05-21T10:45:10Z"), Instant.parse("2049-12-31T23:59:59Z"), -1,
                seed.secureRandom("intel/root/cert"));
        this.platformCaCert = IntelCertificates.ca(PLATFORM_CA_CN, ROOT_CN, serial("platform-ca"), platformCa.getPublic(),
                root.getPublic(), root.getPrivate(), Instant.parse("2018-05-21T10:50:10Z"),
                Instant.parse("2033-05-21T10:50:10Z"), 0, seed.secureRandom("intel/platform-ca/cert"));
        this.signingCert = IntelCertificates.signing(SIGNING_CN, ROOT_CN, serial("tcb-signing"), signing.getPublic(),
                root.getPublic(), root.getPrivate(), DEFAULT_NOT_BEFORE, DEFAULT_NOT_BEFORE.plusSeconds(7L * 365 * 86400),
                seed.secureRandom("intel/tcb-signing/cert"));
    }

    /** The roots of {@link #DEFAULT_SEED} (the ones {@code trustplane sim} uses). */
    public static SimulatedIntel standard() {
        return fromSeed(DEFAULT_SEED.getBytes(StandardCharsets.UTF_8));
    }

    /** The roots of {@code seed}; cached per JVM. */
    public static SimulatedIntel fromSeed(byte[] seed) {
        return CACHE.computeIfAbsent(HexFormat.of().formatHex(seed), k -> new SimulatedIntel(seed));
    }

    public X509Certificate rootCertificate() {
        return rootCert;
    }

    public X509Certificate platformCaCertificate() {
        return platformCaCert;
    }

    public X509Certificate tcbSigningCertificate() {
        return signingCert;
    }

    /** The TCB Signing key pair (signs simulated TCB Info and QE Identity). */
    public KeyPair tcbSigningKeys() {
        return signing;
    }

    /** The deterministic P-256 key pair for {@code label} (PCK keys, attestation keys). */
    public KeyPair key(String label) {
        return DeterministicKeys.p256(seed, "intel/" + label);
    }

    /** Bytes derived from the seed for {@code label}. */
    public byte[] derive(String label, int length) {
        return seed.bytes("intel/" + label, length);
    }

    /** A reproducible random stream for {@code label} (ECDSA nonces). */
    public java.security.SecureRandom random(String label) {
        return seed.secureRandom("intel/" + label);
    }

    /** The PCK certificate of one platform at one TCB, issued by the Platform CA (cached). */
    public X509Certificate pck(byte[] ppid, byte[] cpuSvn, int pceSvn, byte[] fmspc, int sgxType) {
        String label = "pck/" + HexFormat.of().formatHex(ppid) + "/" + HexFormat.of().formatHex(cpuSvn) + "/" + pceSvn
                + "/" + HexFormat.of().formatHex(fmspc) + "/" + sgxType;
        return pcks.computeIfAbsent(label, l -> IntelCertificates.pck(PLATFORM_CA_CN, serial(l),
                pckKeys(ppid).getPublic(), platformCa.getPublic(), platformCa.getPrivate(), DEFAULT_NOT_BEFORE,
                DEFAULT_NOT_BEFORE.plusSeconds(7L * 365 * 86400), ppid, cpuSvn, pceSvn, new byte[2], fmspc, sgxType,
                seed.secureRandom("intel/" + l + "/cert")));
    }

    /** The PCK key pair of the platform with {@code ppid}. */
    public KeyPair pckKeys(byte[] ppid) {
        return key("pck-key/" + HexFormat.of().formatHex(ppid));
    }

    /** The Platform CA's CRL listing {@code revoked} PCK serials. */
    public X509CRL pckCrl(Instant thisUpdate, Instant nextUpdate, Collection<BigInteger> revoked) {
        return IntelCertificates.crl(PLATFORM_CA_CN, platformCa.getPublic(), platformCa.getPrivate(), thisUpdate,
                nextUpdate, revoked, seed.secureRandom("intel/pck-crl/" + thisUpdate + "/" + revoked));
    }

    /** The Root CA's CRL listing {@code revoked} CA serials. */
    public X509CRL rootCrl(Instant thisUpdate, Instant nextUpdate, Collection<BigInteger> revoked) {
        return IntelCertificates.crl(ROOT_CN, root.getPublic(), root.getPrivate(), thisUpdate, nextUpdate, revoked,
                seed.secureRandom("intel/root-crl/" + thisUpdate + "/" + revoked));
    }

    /** A simulated trust profile with this Intel root. */
    public TrustProfile trustProfile() {
        return TrustProfile.simulated(List.of(anchor()));
    }

    /** This root as a trust anchor (to combine with the AMD anchors of {@link SimulatedRoots}). */
    public TrustAnchor anchor() {
        return new TrustAnchor(TrustAnchor.INTEL_SGX, TrustAnchor.INTEL_ROOT, root.getPublic());
    }

    private BigInteger serial(String label) {
        return new BigInteger(1, seed.bytes("intel/serial/" + label, 20)).shiftRight(1);
    }
}
