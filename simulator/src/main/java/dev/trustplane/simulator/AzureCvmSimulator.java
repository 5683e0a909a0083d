package dev.trustplane.simulator;

import dev.trustplane.simulator.internal.HclReportEncoder;
import dev.trustplane.simulator.internal.TpmQuoteEncoder;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * Produces Azure confidential VM evidence as an SEV-SNP CVM's paravisor and vTPM would.
 *
 * <p>The chain of bindings, reproduced link by link: (1) the runtime-data JSON publishes the vTPM
 * attestation key as the JWK {@code HCLAkPub} (RSA-2048, {@code key_ops ["sign"]}), the EK as
 * {@code HCLEkPub}, the {@code vm-configuration} and the {@code user-data}; (2) the SNP report's
 * REPORT_DATA is SHA-256 of those exact JSON bytes, zero-padded (the HCL report's hash type 1), and
 * the report is signed by the simulated VCEK; (3) the HCL report wraps report and JSON; (4) the vTPM
 * quote (TPMS_ATTEST, SHA-256 bank, PCRs 0-23, extraData = the nonce) is signed by the AK with
 * RSASSA-PKCS1-v1_5 / SHA-256, as Azure vTPM AKs sign.
 *
 * <p>The AK and EK are derived from the seed and the vmUniqueId, so one simulated VM keeps its keys
 * across runs. qualifiedSigner is {@code 0x000B || SHA-256(AK SubjectPublicKeyInfo)}: shaped like a
 * real qualified name but not computed from a TPM hierarchy (verifiers do not check it).
 */
public final class AzureCvmSimulator {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long CLOCK_MS = 0x13CB0EE6L;
    private static final long FIRMWARE_VERSION = 0x2020031200120003L;

    private final SnpSimulator snp;

    /** A simulator whose SNP reports come from {@code snp}. */
    public AzureCvmSimulator(SnpSimulator snp) {
        this.snp = Objects.requireNonNull(snp, "snp");
    }

    /** A simulator under {@link SimulatedRoots#standard()}. */
    public static AzureCvmSimulator standard() {
        return new AzureCvmSimulator(SnpSimulator.standard());
    }

    /**
     * Builds the evidence. Note: sets REPORT_DATA on the spec's {@link SnpSpec} (the binding).
     *
     * @throws IllegalArgumentException when the spec is inconsistent
     */
    public SimulatedAzureCvmEvidence generate(AzureCvmSpec spec) {
        SimulatedRoots roots = snp.roots();
        String vmId = spec.vmUniqueId != null ? spec.vmUniqueId : vmId(roots.derive("azure/vm-id", 16));
        KeyPair ak = roots.rsaKey("azure/ak/" + vmId, 2048);
        KeyPair ek = roots.rsaKey("azure/ek/" + vmId, 2048);
        byte[] nonce = spec.nonce != null ? spec.nonce : roots.derive("azure/nonce", 32);
        byte[] userData = spec.userData != null ? spec.userData : Arrays.copyOf(nonce, 64);

        byte[] runtime = runtimeData(spec, vmId, ak, ek, userData);
        SimulatedSnpEvidence report = snp.generate(spec.snp.reportData(sha256(runtime)));
        byte[] hcl = HclReportEncoder.encode(spec.hclVersion, report.report(), runtime);

        List<byte[]> pcrs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            byte[] set = spec.pcrs.get(i);
            pcrs.add(set != null ? set : i < 16 ? roots.derive("azure/pcr/" + i, 32) : new byte[32]);
        }
        byte[] signerName = ByteBuffer.allocate(34).putShort((short) 0x000B)
                .put(sha256(ak.getPublic().getEncoded())).array();
        byte[] message = TpmQuoteEncoder.encode(new TpmQuoteEncoder.Fields(signerName, nonce, CLOCK_MS, 2, 0,
                FIRMWARE_VERSION, pcrs));
        return new SimulatedAzureCvmEvidence(hcl, runtime, report, message, sign(ak, message), pcrs, nonce, ak);
    }

    private static byte[] runtimeData(AzureCvmSpec spec, String vmId, KeyPair ak, KeyPair ek, byte[] userData) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("console-enabled", spec.consoleEnabled);
        config.put("secure-boot", spec.secureBoot);
        config.put("tpm-enabled", spec.tpmEnabled);
        config.put("vmUniqueId", vmId);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("keys", List.of(jwk("HCLAkPub", "sign", ak), jwk("HCLEkPub", "encrypt", ek)));
        root.put("vm-configuration", config);
        root.put("user-data", HexFormat.of().withUpperCase().formatHex(userData));
        return JSON.writeValueAsBytes(root);
    }

    /** A JWK as the HCL writes it: kid, key_ops, kty, e, n (base64url without padding). */
    private static Map<String, Object> jwk(String kid, String op, KeyPair key) {
        RSAPublicKey rsa = (RSAPublicKey) key.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kid", kid);
        jwk.put("key_ops", List.of(op));
        jwk.put("kty", "RSA");
        jwk.put("e", b64url(rsa.getPublicExponent()));
        jwk.put("n", b64url(rsa.getModulus()));
        return jwk;
    }

    private static String b64url(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b[0] == 0 && b.length > 1) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String vmId(byte[] sixteen) {
        ByteBuffer b = ByteBuffer.wrap(sixteen);
        long hi = (b.getLong() & ~0xF000L) | 0x4000L;
        long lo = (b.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString().toUpperCase(Locale.ROOT);
    }

    private static byte[] sign(KeyPair ak, byte[] message) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(ak.getPrivate());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AK signing failed", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
