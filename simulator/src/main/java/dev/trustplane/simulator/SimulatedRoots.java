package dev.trustplane.simulator;

import dev.trustplane.evidence.TrustAnchor;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.TcbVersion;
import dev.trustplane.simulator.internal.AmdCertificates;
import dev.trustplane.simulator.internal.DeterministicKeys;
import dev.trustplane.simulator.internal.SeedStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Simulated AMD SEV-SNP roots: per product an RSA-4096 ARK and ASK, and per (chip, reported TCB) a
 * P-384 VCEK, all derived from one seed, with certificates shaped like AMD's (see
 * {@code internal.AmdCertificates}) and CRLs signed by the simulated ARK.
 *
 * <p><b>Determinism.</b> Every key is derived from the seed and a label naming it
 * ({@code "ark/Genoa"}, {@code "ask/Genoa"}, {@code "vcek/Genoa/<hwID hex>/<TCB hex>"}, see
 * {@code internal.SeedStream} and {@code internal.DeterministicKeys}), and the RSA-PSS salts and
 * the certificate dates are fixed, so the same seed gives byte-identical certificates in every run.
 * ARK and ASK use AMD's real serial numbers and validity periods; VCEKs are valid for 7 years
 * from {@link #vcekNotBefore()}.
 *
 * <p><b>Cost.</b> An RSA-4096 key takes on the order of a second to derive; keys are derived on first
 * use, per product, and cached per JVM ({@link #fromSeed} returns the same instance for the same seed).
 *
 * <p><b>Simulation only.</b> The default seed is public, so anyone can recompute these private keys
 * and forge evidence under them. That is why only {@link #trustProfile()} — an explicit
 * {@link TrustProfile.Kind#SIMULATED} profile — accepts them; {@link TrustProfile#production()}
 * rejects everything they sign with {@code CHAIN_INVALID}. Thread-safe.
 */
public final class SimulatedRoots {
    /** The seed of {@link #standard()}: public, so simulated evidence is reproducible anywhere. */
    public static final String DEFAULT_SEED = "trustplane simulated AMD roots v1";
    /** Default issue date of simulated VCEKs (valid for 7 years from it, like AMD's). */
    public static final Instant DEFAULT_VCEK_NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");

    private static final Map<String, SimulatedRoots> CACHE = new ConcurrentHashMap<>();

    private final SeedStream seed;
    private final Instant vcekNotBefore;
    private final Map<SnpProduct, KeyPair> arkKeys = new EnumMap<>(SnpProduct.class);
    private final Map<SnpProduct, ProductRoots> roots = new EnumMap<>(SnpProduct.class);
    private final Map<String, SimulatedVcek> vceks = new HashMap<>();
    private final Map<String, KeyPair> otherKeys = new HashMap<>();

    private SimulatedRoots(byte[] seed, Instant vcekNotBefore) {
        this.seed = new SeedStream(seed);
        this.vcekNotBefore = vcekNotBefore;
    }

    /** The roots of {@link #DEFAULT_SEED} (the ones {@code trustplane sim} uses). */
    public static SimulatedRoots standard() {
        return fromSeed(DEFAULT_SEED.getBytes(StandardCharsets.UTF_8));
    }

    /** The roots of {@code seed}, VCEKs issued at {@link #DEFAULT_VCEK_NOT_BEFORE}; cached per JVM. */
    public static SimulatedRoots fromSeed(byte[] seed) {
        return fromSeed(seed, DEFAULT_VCEK_NOT_BEFORE);
    }

    /** The roots of {@code seed} with VCEKs issued at {@code vcekNotBefore}; cached per JVM. */
    public static SimulatedRoots fromSeed(byte[] seed, Instant vcekNotBefore) {
        String key = HexFormat.of().formatHex(seed) + "@" + vcekNotBefore;
        return CACHE.computeIfAbsent(key, k -> new SimulatedRoots(seed, vcekNotBefore));
    }

    /** When simulated VCEKs become valid. */
    public Instant vcekNotBefore() {
        return vcekNotBefore;
    }

    /** The ARK and ASK of {@code product} (derived on first use). */
    public synchronized ProductRoots product(SnpProduct product) {
        ProductRoots r = roots.get(product);
        if (r == null) {
            KeyPair ark = arkKeys(product);
            KeyPair ask = DeterministicKeys.rsa(seed, "ask/" + product.kdsName(), 4096);
            AmdRootFacts facts = AmdRootFacts.of(product);
            r = new ProductRoots(product, ark, ask,
                    AmdCertificates.ark(product, ark.getPublic(), ark.getPrivate(), facts.arkSerial(),
                            facts.arkNotBefore(), facts.arkNotAfter(), seed.secureRandom("ark-cert/" + product.kdsName())),
                    AmdCertificates.ask(product, ask.getPublic(), ark.getPublic(), ark.getPrivate(), facts.askSerial(),
                            facts.askNotBefore(), facts.askNotAfter(), seed.secureRandom("ask-cert/" + product.kdsName())));
            roots.put(product, r);
        }
        return r;
    }

    /**
     * The VCEK of one chip at one reported TCB (derived on first use, then cached).
     *
     * @param chipId 64 bytes, or 8 for Turin (zero-extended)
     */
    public synchronized SimulatedVcek vcek(SnpProduct product, byte[] chipId, TcbVersion reportedTcb) {
        byte[] chip = chipId.length == 8 ? Arrays.copyOf(chipId, 64) : chipId.clone();
        if (chip.length != 64) {
            throw new IllegalArgumentException("CHIP_ID takes 64 bytes (or 8 on Turin), got " + chipId.length);
        }
        String hwId = HexFormat.of().formatHex(chip, 0, product.hwIdLength());
        String label = "vcek/" + product.kdsName() + "/" + hwId + "/" + reportedTcb.hex();
        SimulatedVcek v = vceks.get(label);
        if (v == null) {
            ProductRoots r = product(product);
            KeyPair keys = DeterministicKeys.p384(seed, label);
            v = new SimulatedVcek(product, chip, reportedTcb, keys, AmdCertificates.vcek(product, keys.getPublic(),
                    r.askKeys().getPrivate(), chip, reportedTcb, vcekNotBefore, seed.secureRandom(label + "/cert")));
            vceks.put(label, v);
        }
        return v;
    }

    /** The default CHIP_ID of the simulated chip of {@code product} (Turin: 8 bytes, then zeros). */
    public byte[] defaultChipId(SnpProduct product) {
        return Arrays.copyOf(seed.bytes("chip/" + product.kdsName(), product.hwIdLength()), 64);
    }

    /** Bytes derived from the seed for {@code label} (default measurements, report ids, ...). */
    public byte[] derive(String label, int length) {
        return seed.bytes(label, length);
    }

    /** The deterministic RSA key pair of {@code bits} bits for {@code label} (e.g. a vTPM AK); cached. */
    public synchronized KeyPair rsaKey(String label, int bits) {
        return otherKeys.computeIfAbsent(label + "/" + bits, k -> DeterministicKeys.rsa(seed, label, bits));
    }

    /**
     * The ARK's CRL, listing {@code revoked} serials (e.g. the ASK's); issued at
     * {@link #vcekNotBefore()}, next update when the ARK expires.
     */
    public X509CRL crl(SnpProduct product, BigInteger... revoked) {
        return crl(product, vcekNotBefore, AmdRootFacts.of(product).arkNotAfter(), List.of(revoked));
    }

    /** The ARK's CRL with explicit dates; the listed serials are revoked at {@code thisUpdate}. */
    public X509CRL crl(SnpProduct product, Instant thisUpdate, Instant nextUpdate, Collection<BigInteger> revoked) {
        ProductRoots r = product(product);
        return AmdCertificates.crl(product, r.arkKeys().getPublic(), r.arkKeys().getPrivate(), thisUpdate, nextUpdate,
                revoked, seed.secureRandom("crl/" + product.kdsName() + "/" + thisUpdate + "/" + revoked));
    }

    /** A simulated trust profile with the ARKs of every product. */
    public TrustProfile trustProfile() {
        return trustProfile(SnpProduct.values());
    }

    /** A simulated trust profile with the ARKs of the given products only (derives fewer keys). */
    public TrustProfile trustProfile(SnpProduct... products) {
        return TrustProfile.simulated(Arrays.stream(products)
                .map(p -> new TrustAnchor(TrustAnchor.AMD_SEV_SNP, p.kdsName(), arkKeys(p).getPublic()))
                .toList());
    }

    private synchronized KeyPair arkKeys(SnpProduct product) {
        return arkKeys.computeIfAbsent(product, p -> DeterministicKeys.rsa(seed, "ark/" + p.kdsName(), 4096));
    }
}
