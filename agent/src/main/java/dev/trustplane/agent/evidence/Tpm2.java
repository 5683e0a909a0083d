package dev.trustplane.agent.evidence;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The few TPM 2.0 commands the Azure CVM path needs, marshalled by hand (TPM 2.0 Library Part 3 command
 * layouts, Part 2 structures). A command is {@code tag u16 | size u32 | commandCode u32 | handles |
 * [authorizationSize u32 | sessions] | parameters}; a response is {@code tag | size | responseCode |
 * handles | [parameterSize u32] | parameters | [sessions]}. Authorisation is always the empty-password
 * session ({@code TPM_RS_PW}), which is what owner-authorised NV access and the HCL AK use on Azure CVMs.
 */
final class Tpm2 {
    static final int ST_NO_SESSIONS = 0x8001;
    static final int ST_SESSIONS = 0x8002;
    static final int RH_OWNER = 0x40000001;
    static final int RS_PW = 0x40000009;
    static final int ALG_SHA256 = 0x000B;
    static final int ALG_NULL = 0x0010;
    static final int ALG_RSASSA = 0x0014;
    static final int ALG_RSAPSS = 0x0016;
    static final int ALG_ECDSA = 0x0018;
    static final int CC_NV_DEFINE_SPACE = 0x12A;
    static final int CC_NV_WRITE = 0x137;
    static final int CC_NV_READ = 0x14E;
    static final int CC_NV_READ_PUBLIC = 0x169;
    static final int CC_QUOTE = 0x158;
    static final int CC_PCR_READ = 0x17E;
    static final int CC_GET_CAPABILITY = 0x17A;
    static final int CC_READ_PUBLIC = 0x173;
    static final int CAP_TPM_PROPERTIES = 6;
    static final int PT_NV_BUFFER_MAX = 0x100 + 44;
    /** TPMA_NV bits: OWNERWRITE (1), AUTHWRITE (2), OWNERREAD (17), AUTHREAD (18). */
    static final long NV_OWNER_AND_AUTH_READ_WRITE = (1L << 1) | (1L << 2) | (1L << 17) | (1L << 18);
    private static final int MAX_NV_INDEX = 64 * 1024;
    private static final int RC_YIELDED = 0x908;
    private static final int RC_TESTING = 0x90A;
    private static final int RC_RETRY = 0x922;
    private static final int MAX_RETRIES = 8;

    private final TpmTransport transport;
    private int nvBufferMax;

    Tpm2(TpmTransport transport) {
        this.transport = transport;
    }

    String describe() {
        return transport.describe();
    }

    /** A public NV index description (TPMS_NV_PUBLIC). */
    record NvPublic(int index, int nameAlg, long attributes, int dataSize) {}

    /** A quote: TPMS_ATTEST, the TPMT_SIGNATURE as returned, and its bare signature bytes. */
    record Quote(byte[] attest, byte[] signature, byte[] rawSignature) {}

    /** NV_ReadPublic; empty when the index is not defined. */
    Optional<NvPublic> nvReadPublic(int index) throws EvidenceCollectionException, TpmCommandException {
        TpmReader r;
        try {
            r = execute("NV_ReadPublic", CC_NV_READ_PUBLIC, new int[] {index}, 0, new byte[0], 0);
        } catch (TpmCommandException e) {
            if (e.baseCode() == TpmCommandException.RC_HANDLE) {
                return Optional.empty();
            }
            throw e;
        }
        int size = r.u16("nvPublic.size");
        int start = r.position();
        int nvIndex = (int) r.u32("nvPublic.nvIndex");
        int nameAlg = r.u16("nvPublic.nameAlg");
        long attributes = r.u32("nvPublic.attributes");
        r.tpm2b("nvPublic.authPolicy", 64);
        NvPublic p = new NvPublic(nvIndex, nameAlg, attributes, r.u16("nvPublic.dataSize"));
        if (r.position() - start != size) {
            throw r.fail("nvPublic", start, "TPM2B size " + size + " does not match its contents");
        }
        r.tpm2b("nvName", 68);
        r.expectEnd("NV_ReadPublic");
        if (p.index() != index) {
            throw r.fail("nvPublic.nvIndex", start, String.format("0x%08X returned for 0x%08X", p.index(), index));
        }
        return Optional.of(p);
    }

    /** NV_DefineSpace under the owner hierarchy with an empty index password. */
    void nvDefineSpace(int index, int size, long attributes) throws EvidenceCollectionException, TpmCommandException {
        byte[] nvPublic = new TpmWriter().u32(index).u16(ALG_SHA256).u32(attributes).tpm2b(new byte[0]).u16(size).toBytes();
        byte[] params = new TpmWriter().tpm2b(new byte[0]).tpm2b(nvPublic).toBytes();
        execute("NV_DefineSpace", CC_NV_DEFINE_SPACE, new int[] {RH_OWNER}, 1, params, 0).expectEnd("NV_DefineSpace");
    }

    /** NV_Read of {@code size} bytes in chunks of TPM_PT_NV_BUFFER_MAX, authorised by {@code authHandle}. */
    byte[] nvRead(int authHandle, int index, int size) throws EvidenceCollectionException, TpmCommandException {
        if (size < 0 || size > MAX_NV_INDEX) {
            throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, "nvPublic.dataSize", -1,
                    String.format("NV index 0x%08X claims %d bytes (at most %d accepted)", index, size, MAX_NV_INDEX));
        }
        byte[] out = new byte[size];
        int chunk = nvBufferMax();
        for (int offset = 0; offset < size; offset += chunk) {
            int n = Math.min(chunk, size - offset);
            TpmReader r = execute("NV_Read", CC_NV_READ, new int[] {authHandle, index}, 1,
                    new TpmWriter().u16(n).u16(offset).toBytes(), 0);
            int at = r.position();
            byte[] data = r.tpm2b("data", n);
            if (data.length != n) {
                throw r.fail("data", at, "returned " + data.length + " of " + n + " bytes at NV offset " + offset);
            }
            r.expectEnd("NV_Read");
            System.arraycopy(data, 0, out, offset, n);
        }
        return out;
    }

    /** NV_Write in chunks, authorised by {@code authHandle}. */
    void nvWrite(int authHandle, int index, byte[] data) throws EvidenceCollectionException, TpmCommandException {
        int chunk = nvBufferMax();
        for (int offset = 0; offset < data.length; offset += chunk) {
            byte[] part = Arrays.copyOfRange(data, offset, Math.min(data.length, offset + chunk));
            execute("NV_Write", CC_NV_WRITE, new int[] {authHandle, index}, 1,
                    new TpmWriter().tpm2b(part).u16(offset).toBytes(), 0).expectEnd("NV_Write");
        }
    }

    /** ReadPublic: the object's TPMT_PUBLIC. */
    byte[] readPublic(int handle) throws EvidenceCollectionException, TpmCommandException {
        TpmReader r = execute("ReadPublic", CC_READ_PUBLIC, new int[] {handle}, 0, new byte[0], 0);
        byte[] area = r.tpm2b("outPublic", 1024);
        r.tpm2b("name", 68);
        r.tpm2b("qualifiedName", 68);
        r.expectEnd("ReadPublic");
        return area;
    }

    /**
     * Quote over {@code pcrSelection} (a marshalled TPML_PCR_SELECTION) with {@code qualifyingData} as
     * extraData; {@code scheme} {@link #ALG_NULL} lets the key's own scheme apply.
     */
    Quote quote(int keyHandle, byte[] qualifyingData, int scheme, int hash, byte[] pcrSelection)
            throws EvidenceCollectionException, TpmCommandException {
        TpmWriter p = new TpmWriter().tpm2b(qualifyingData).u16(scheme);
        if (scheme != ALG_NULL) {
            p.u16(hash);
        }
        TpmReader r = execute("Quote", CC_QUOTE, new int[] {keyHandle}, 1, p.bytes(pcrSelection).toBytes(), 0);
        byte[] attest = r.tpm2b("quoted", 1024);
        int sigStart = r.position();
        byte[] raw = signature(r);
        byte[] sig = r.slice(sigStart);
        r.expectEnd("Quote");
        return new Quote(attest, sig, raw);
    }

    /** PCR_Read of the SHA-256 bank, PCRs 0..23 (see {@link PcrBank}). */
    List<byte[]> readSha256Bank() throws EvidenceCollectionException, TpmCommandException {
        return PcrBank.readSha256(this);
    }

    /** TPML_PCR_SELECTION with one SHA-256 entry selecting the PCRs whose bits are set in {@code mask}. */
    static byte[] sha256Selection(int mask) {
        return PcrBank.sha256Selection(mask);
    }

    private int nvBufferMax() throws EvidenceCollectionException, TpmCommandException {
        if (nvBufferMax == 0) {
            TpmReader r = execute("GetCapability", CC_GET_CAPABILITY, new int[0], 0,
                    new TpmWriter().u32(CAP_TPM_PROPERTIES).u32(PT_NV_BUFFER_MAX).u32(1).toBytes(), 0);
            r.u8("moreData");
            r.u32("capability");
            long count = r.u32("properties.count");
            long property = count >= 1 ? r.u32("properties[0].property") : -1;
            long value = count >= 1 ? r.u32("properties[0].value") : -1;
            // A TPM that does not report it gets the smallest value the PC Client profile allows.
            nvBufferMax = property == PT_NV_BUFFER_MAX && value >= 64 && value <= 4096 ? (int) value : 512;
        }
        return nvBufferMax;
    }

    private byte[] send(String name, byte[] command) throws EvidenceCollectionException {
        try {
            byte[] response = transport.transact(command);
            TpmTransport.checkComplete(response, transport.describe());
            return response;
        } catch (IOException e) {
            throw new EvidenceCollectionException(Failure.DEVICE_ERROR, name + " to " + transport.describe()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** Reads a TPMT_SIGNATURE and returns its bare signature bytes (RSA: s; ECDSA: r || s, equal lengths). */
    private static byte[] signature(TpmReader r) throws EvidenceCollectionException {
        int at = r.position();
        int alg = r.u16("signature.sigAlg");
        r.u16("signature.hash");
        if (alg == ALG_RSASSA || alg == ALG_RSAPSS) {
            return r.tpm2b("signature.sig", 512);
        }
        if (alg == ALG_ECDSA) {
            byte[] rr = r.tpm2b("signature.signatureR", 66);
            byte[] ss = r.tpm2b("signature.signatureS", 66);
            int n = Math.max(rr.length, ss.length);
            byte[] out = new byte[2 * n];
            System.arraycopy(rr, 0, out, n - rr.length, rr.length);
            System.arraycopy(ss, 0, out, 2 * n - ss.length, ss.length);
            return out;
        }
        throw r.fail("signature.sigAlg", at, String.format("unsupported signature algorithm 0x%04X", alg));
    }

    /**
     * Sends one command and returns a reader over the response parameters. {@code authorised} is how many of
     * the leading handles take the empty-password session.
     */
    TpmReader execute(String name, int commandCode, int[] handles, int authorised, byte[] params, int responseHandles)
            throws EvidenceCollectionException, TpmCommandException {
        TpmWriter body = new TpmWriter();
        for (int h : handles) {
            body.u32(Integer.toUnsignedLong(h));
        }
        if (authorised > 0) {
            byte[] session = new TpmWriter().u32(RS_PW).tpm2b(new byte[0]).u8(0x01).tpm2b(new byte[0]).toBytes();
            body.u32((long) session.length * authorised);
            for (int i = 0; i < authorised; i++) {
                body.bytes(session);
            }
        }
        byte[] rest = body.bytes(params).toBytes();
        byte[] command = new TpmWriter().u16(authorised > 0 ? ST_SESSIONS : ST_NO_SESSIONS).u32(10L + rest.length)
                .u32(commandCode).bytes(rest).toBytes();
        byte[] response = send(name, command);
        int rc = ByteBuffer.wrap(response).getInt(6);
        // YIELDED, TESTING and RETRY are warnings that mean "send it again" (Part 2, TPM_RC); libtpms answers RETRY
        // to the first use of a fresh RSA key while it completes the key's private values.
        for (int retry = 0; retry < MAX_RETRIES && (rc == RC_YIELDED || rc == RC_TESTING || rc == RC_RETRY); retry++) {
            response = send(name, command);
            rc = ByteBuffer.wrap(response).getInt(6);
        }
        if (rc != 0) {
            throw new TpmCommandException(name, rc);
        }
        int tag = Short.toUnsignedInt(ByteBuffer.wrap(response).getShort(0));
        TpmReader r = new TpmReader(response, 10, response.length, name);
        long[] returned = new long[responseHandles];
        for (int i = 0; i < responseHandles; i++) {
            returned[i] = r.u32("handle[" + i + "]");
        }
        if (tag == ST_SESSIONS) {
            int at = r.position();
            long parameterSize = r.u32("parameterSize");
            if (parameterSize > r.remaining()) {
                throw r.fail("parameterSize", at, parameterSize + " exceeds the " + r.remaining() + " bytes left");
            }
            return new TpmReader(response, r.position(), r.position() + (int) parameterSize, name, returned);
        }
        if (tag != ST_NO_SESSIONS) {
            throw r.fail("tag", 0, String.format("0x%04X is not a response tag", tag));
        }
        return new TpmReader(response, r.position(), response.length, name, returned);
    }
}
