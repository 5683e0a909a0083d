package dev.trustplane.evidence.snp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.appraisal.EvidenceAppraiser;
import dev.trustplane.evidence.appraisal.EvidenceInput;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Azure CVM evidence built here under the simulated AMD PKI — HCL report (runtime JSON with HCLAkPub,
 * embedded SNP report signed by the simulated VCEK) and a vTPM quote — appraised through the facade.
 * Runs without the shared vectors and covers what they lack: VMPL other than 0, a wrong AK, tampered
 * PCRs, the production profile rejecting simulated roots, and the TPMS_ATTEST + TPMT_SIGNATURE form.
 */
class SimulatedAzureAppraisalTest {
    private static final byte[] NONCE = "fresh-nonce".getBytes(StandardCharsets.US_ASCII);
    private static SimulatedAmd amd;
    private static KeyPair ak;
    private static List<byte[]> pcrs;

    @BeforeAll
    static void setUp() throws Exception {
        amd = SimulatedAmd.milan();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        ak = g.generateKeyPair();
        pcrs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            pcrs.add(MessageDigest.getInstance("SHA-256").digest(new byte[] {(byte) i}));
        }
    }

    private static EvidenceAppraiser appraiser(TrustProfile profile, byte[] nonce) {
        return new EvidenceAppraiser(EvidenceAppraiser.Options.defaults().withProfile(profile)
                .withClock(Clock.fixed(SimulatedAmd.NOW, ZoneOffset.UTC)).withNonce(nonce));
    }

    private static AppraisalResult appraise(byte[] hcl, byte[] quote, byte[] nonce) throws Exception {
        return appraiser(amd.profile(), nonce).appraise(List.of(new EvidenceInput("hcl.bin", hcl),
                new EvidenceInput("quote.bincode", quote), new EvidenceInput("vcek.der", amd.vcek.getEncoded()),
                new EvidenceInput("ask.der", amd.ask.getEncoded())), List.of());
    }

    @Test
    void simulated_evidence_is_genuine_under_the_simulated_profile_only() throws Exception {
        AppraisalResult r = appraise(hcl(0), bincode(NONCE, pcrs), NONCE);
        assertThat(r.reasons()).isEmpty();
        assertThat(r.evidenceType()).isEqualTo("azure-cvm-snp");
        assertThat(r.claims()).containsEntry("x-ms-azurevm-vmid", "SIM-VM").containsEntry("tpm-nonce", hex(NONCE));
        assertThat(((Map<?, ?>) r.claims().get("x-ms-isolation-tee")).get("sevsnp-trust-profile")).isEqualTo("simulated");

        AppraisalResult production = appraiser(TrustProfile.production(), NONCE).appraise(
                List.of(new EvidenceInput("hcl.bin", hcl(0)), new EvidenceInput("q", bincode(NONCE, pcrs)),
                        new EvidenceInput("vcek.der", amd.vcek.getEncoded()), new EvidenceInput("ask.der", amd.ask.getEncoded())),
                List.of());
        assertThat(production.reasons()).extracting(Reason::code).contains(ReasonCode.CHAIN_INVALID);
    }

    @Test
    void hcl_report_not_from_vmpl_0_is_rejected() throws Exception {
        AppraisalResult r = appraise(hcl(2), bincode(NONCE, pcrs), NONCE);
        assertThat(r.reasons()).extracting(Reason::code).containsExactly(ReasonCode.REPORT_DATA_MISMATCH);
        assertThat(r.reasons().getFirst().detail()).contains("VMPL 2");
    }

    @Test
    void stale_nonce_and_tampered_pcr_are_reported_with_their_codes() throws Exception {
        AppraisalResult stale = appraise(hcl(0), bincode("old".getBytes(StandardCharsets.US_ASCII), pcrs), NONCE);
        assertThat(stale.reasons()).extracting(Reason::code).containsExactly(ReasonCode.REPORT_DATA_MISMATCH);

        byte[] pcr7 = pcrs.get(7).clone();
        pcr7[0] ^= 1;
        byte[] quote = bincode(NONCE, pcrs);
        byte[] withTamperedPcrs = Arrays.copyOf(quote, quote.length);
        System.arraycopy(pcr7, 0, withTamperedPcrs, quote.length - 32 * (24 - 7), 32);
        AppraisalResult r = appraise(hcl(0), withTamperedPcrs, NONCE);
        assertThat(r.reasons()).extracting(Reason::code).containsExactly(ReasonCode.MEASUREMENT_MISMATCH);
        assertThat(r.claims()).doesNotContainKey("x-ms-azurevm-attested-pcrs");
    }

    @Test
    void separate_tpms_attest_signature_pcrs_and_a_foreign_ak() throws Exception {
        byte[] message = attest(NONCE, pcrs);
        byte[] tpmtSignature = ByteBuffer.allocate(6 + 256).putShort((short) 0x0014).putShort((short) 0x000B)
                .putShort((short) 256).put(sign(message)).array();
        StringBuilder json = new StringBuilder("{\"sha256\":{");
        for (int i = 0; i < 24; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(i).append("\":\"").append(hex(pcrs.get(i))).append('"');
        }
        json.append("}}");
        List<EvidenceInput> files = new ArrayList<>(List.of(new EvidenceInput("hcl.bin", hcl(0)),
                new EvidenceInput("quote.msg", message), new EvidenceInput("quote.sig", tpmtSignature),
                new EvidenceInput("pcrs.json", json.toString().getBytes(StandardCharsets.UTF_8)),
                new EvidenceInput("vcek.der", amd.vcek.getEncoded()), new EvidenceInput("ask.der", amd.ask.getEncoded())));
        assertThat(appraiser(amd.profile(), NONCE).appraise(files, List.of()).reasons()).isEmpty();

        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        files.add(new EvidenceInput("ak.der", g.generateKeyPair().getPublic().getEncoded()));
        AppraisalResult foreign = appraiser(amd.profile(), NONCE).appraise(files, List.of());
        assertThat(foreign.reasons()).extracting(Reason::code).containsExactly(ReasonCode.CHAIN_INVALID);
        assertThat(foreign.reasons().getFirst().detail()).contains("AK_MISMATCH");
    }

    /** An HCL report (version 2, 2600-byte buffer) whose SNP report is requested at {@code vmpl}. */
    private static byte[] hcl(int vmpl) throws Exception {
        RSAPublicKey key = (RSAPublicKey) ak.getPublic();
        String runtime = "{\"keys\":[{\"e\":\"" + b64url(key.getPublicExponent()) + "\",\"key_ops\":[\"sign\"],"
                + "\"kid\":\"HCLAkPub\",\"kty\":\"RSA\",\"n\":\"" + b64url(key.getModulus()) + "\"}],"
                + "\"user-data\":\"" + "00".repeat(64) + "\",\"vm-configuration\":{\"console-enabled\":true,"
                + "\"secure-boot\":true,\"tpm-enabled\":true,\"vmUniqueId\":\"SIM-VM\"}}";
        byte[] variable = runtime.getBytes(StandardCharsets.UTF_8);
        byte[] reportData = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(variable), 64);
        byte[] snp = SimulatedAmd.sign(amd.report(3).reportData(reportData).vmpl(vmpl), amd.vcekKeys.getPrivate());
        ByteBuffer b = ByteBuffer.allocate(2600).order(ByteOrder.LITTLE_ENDIAN);
        b.put("HCLA".getBytes(StandardCharsets.US_ASCII)).putInt(2).putInt(1236 + variable.length).putInt(2).putInt(0);
        b.position(32).put(snp);
        b.putInt(20 + variable.length).putInt(1).putInt(2).putInt(1).putInt(variable.length).put(variable);
        return b.array();
    }

    /** TPMS_ATTEST quote over SHA-256 PCRs 0-23 (big-endian, TPM 2.0 Part 2). */
    private static byte[] attest(byte[] nonce, List<byte[]> values) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        values.forEach(md::update);
        ByteBuffer b = ByteBuffer.allocate(512);
        b.putInt(0xFF544347).putShort((short) 0x8018).putShort((short) 34).putShort((short) 0x000B).put(new byte[32]);
        b.putShort((short) nonce.length).put(nonce).putLong(42).putInt(1).putInt(0).put((byte) 1).putLong(7);
        b.putInt(1).putShort((short) 0x000B).put((byte) 3).put(new byte[] {-1, -1, -1}).putShort((short) 32).put(md.digest());
        return Arrays.copyOf(b.array(), b.position());
    }

    private static byte[] sign(byte[] message) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(ak.getPrivate());
        s.update(message);
        return s.sign();
    }

    /** The trustee/kinvolk bincode quote: u64 LE lengths, signature, message, PCR list. */
    private static byte[] bincode(byte[] nonce, List<byte[]> values) throws Exception {
        byte[] message = attest(nonce, values);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] sig = sign(message);
        out.write(le(sig.length));
        out.write(sig);
        out.write(le(message.length));
        out.write(message);
        out.write(le(values.size()));
        for (byte[] v : values) {
            out.write(v);
        }
        return out.toByteArray();
    }

    private static byte[] le(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static String b64url(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b[0] == 0 && b.length > 1) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
