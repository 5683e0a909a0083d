package dev.trustplane.agent.evidence;

import dev.trustplane.evidence.tpm.TpmPublic;
import dev.trustplane.simulator.SnpSimulator;
import dev.trustplane.simulator.SnpSpec;
import dev.trustplane.simulator.SimulatedSnpEvidence;
import dev.trustplane.simulator.internal.HclReportEncoder;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Plays Azure's paravisor on a swtpm: creates the HCL attestation key (RSA-2048 restricted signing key,
 * RSASSA/SHA-256, owner hierarchy) and persists it at 0x81000003, then writes an HCL report to NV 0x01400001
 * whose runtime data publishes that key as {@code HCLAkPub} and carries the given user data, with an SNP
 * report from the simulator bound to it (REPORT_DATA = SHA-256 of the runtime data).
 */
final class AzureCvmProvisioner {
    private static final int CC_CREATE_PRIMARY = 0x131;
    private static final int CC_EVICT_CONTROL = 0x120;
    private static final int CC_FLUSH_CONTEXT = 0x165;
    /** fixedTPM | fixedParent | sensitiveDataOrigin | userWithAuth | restricted | sign. */
    private static final long AK_ATTRIBUTES = 0x2 | 0x10 | 0x20 | 0x40 | 0x10000 | 0x40000;

    private final Tpm2 tpm;

    AzureCvmProvisioner(Tpm2 tpm) {
        this.tpm = tpm;
    }

    /** Creates and persists the AK; returns its TPMT_PUBLIC. */
    byte[] createAk() throws Exception {
        byte[] template = new TpmWriter().u16(TpmPublic.TPM_ALG_RSA).u16(Tpm2.ALG_SHA256).u32(AK_ATTRIBUTES)
                .tpm2b(new byte[0]).u16(Tpm2.ALG_NULL).u16(Tpm2.ALG_RSASSA).u16(Tpm2.ALG_SHA256).u16(2048).u32(0)
                .tpm2b(new byte[0]).toBytes();
        byte[] params = new TpmWriter().tpm2b(new TpmWriter().tpm2b(new byte[0]).tpm2b(new byte[0]).toBytes())
                .tpm2b(template).tpm2b(new byte[0]).u32(0).toBytes();
        TpmReader r = tpm.execute("CreatePrimary", CC_CREATE_PRIMARY, new int[] {Tpm2.RH_OWNER}, 1, params, 1);
        int primary = (int) r.handles()[0];
        tpm.execute("EvictControl", CC_EVICT_CONTROL, new int[] {Tpm2.RH_OWNER, primary}, 1,
                new TpmWriter().u32(Integer.toUnsignedLong(AzureVtpm.AK_HANDLE)).toBytes(), 0);
        tpm.execute("FlushContext", CC_FLUSH_CONTEXT, new int[0], 0,
                new TpmWriter().u32(Integer.toUnsignedLong(primary)).toBytes(), 0);
        return tpm.readPublic(AzureVtpm.AK_HANDLE);
    }

    /** The runtime-data JSON the paravisor would write, publishing {@code akArea} and {@code userData}. */
    static byte[] runtimeData(byte[] akArea, byte[] userData) throws Exception {
        RSAPublicKey ak = (RSAPublicKey) TpmPublic.parse(akArea).publicKey();
        String json = "{\"keys\":[{\"kid\":\"HCLAkPub\",\"key_ops\":[\"sign\"],\"kty\":\"RSA\",\"e\":\"" + b64(ak.getPublicExponent())
                + "\",\"n\":\"" + b64(ak.getModulus()) + "\"}],\"vm-configuration\":{\"console-enabled\":false,"
                + "\"secure-boot\":true,\"tpm-enabled\":true,\"vmUniqueId\":\"6A1B4C3D-0000-4000-8000-000000000001\"},"
                + "\"user-data\":\"" + HexFormat.of().withUpperCase().formatHex(userData) + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes an HCL report over a fresh simulated SNP report; returns the SNP evidence it embeds. */
    SimulatedSnpEvidence writeHclReport(byte[] akArea, byte[] userData) throws Exception {
        byte[] runtime = runtimeData(akArea, userData);
        byte[] reportData = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(runtime), 64);
        SimulatedSnpEvidence snp = SnpSimulator.standard().generate(new SnpSpec().reportData(reportData));
        byte[] full = HclReportEncoder.encode(2, snp.report(), runtime);
        // libtpms caps an NV index at 2048 bytes; the report ends at report_size, the rest is padding.
        int reportSize = ByteBuffer.wrap(full).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        byte[] hcl = Arrays.copyOf(full, reportSize);
        if (tpm.nvReadPublic(AzureVtpm.HCL_REPORT_INDEX).isEmpty()) {
            tpm.nvDefineSpace(AzureVtpm.HCL_REPORT_INDEX, hcl.length, Tpm2.NV_OWNER_AND_AUTH_READ_WRITE);
        }
        tpm.nvWrite(Tpm2.RH_OWNER, AzureVtpm.HCL_REPORT_INDEX, hcl);
        return snp;
    }

    private static String b64(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b[0] == 0 && b.length > 1) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
