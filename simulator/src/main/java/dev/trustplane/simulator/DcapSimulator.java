package dev.trustplane.simulator;

import dev.trustplane.evidence.dcap.DcapQuote;
import dev.trustplane.evidence.dcap.SgxReportBody;
import dev.trustplane.evidence.dcap.TcbStatus;
import dev.trustplane.evidence.dcap.TdReportBody;
import dev.trustplane.simulator.internal.DcapQuoteEncoder;
import dev.trustplane.simulator.internal.IntelCollateralJson;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Produces TDX and SGX ECDSA quotes, byte-exact in Intel's layout, signed by a simulated platform:
 * an attestation key vouched for by a QE report signed with the platform's PCK key, whose certificate
 * chains to {@link SimulatedIntel}'s root; plus TCB Info, QE Identity and CRLs, signed by the simulated
 * TCB Signing key and CAs, that make the quote verify with the TCB status the {@link DcapSpec} asks
 * for. Deterministic: the same seed and spec give the same bytes. Accepted only under
 * {@link SimulatedIntel#trustProfile()}.
 */
public final class DcapSimulator {
    /** Intel's TD QE and SGX QE signers (real values, so simulated QE identities look like Intel's). */
    static final byte[] TD_QE_MRSIGNER = DcapSpec.HEX.parseHex("dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5");
    static final byte[] SGX_QE_MRSIGNER = DcapSpec.HEX.parseHex("8c4f5775d796503e96137f77c68a829a0056ac8ded70140b081b094490c57bff");
    private static final byte[] QE_ATTRIBUTES = DcapSpec.HEX.parseHex("11000000000000000000000000000000");

    private final SimulatedIntel intel;

    public DcapSimulator(SimulatedIntel intel) {
        this.intel = intel;
    }

    /** A simulator over {@link SimulatedIntel#standard()}. */
    public static DcapSimulator standard() {
        return new DcapSimulator(SimulatedIntel.standard());
    }

    /** Generates the quote and its collateral. */
    public SimulatedDcapEvidence generate(DcapSpec spec) {
        boolean tdx = spec.tee == DcapSpec.Tee.TDX;
        int version = spec.version != 0 ? spec.version : tdx ? 4 : 3;
        byte[] fmspc = spec.fmspc != null ? spec.fmspc : DcapSpec.HEX.parseHex(tdx ? "50806f000000" : "00606a000000");
        byte[] ppid = intel.derive("ppid/" + DcapSpec.HEX.formatHex(fmspc), 16);
        int qeSvn = spec.qeSvn != null ? spec.qeSvn : tdx ? 4 : 8;

        X509Certificate pck = intel.pck(ppid, spec.cpuSvn, spec.pceSvn, fmspc, spec.sgxType);
        KeyPair pckKeys = intel.pckKeys(ppid);
        KeyPair attestation = intel.key("attestation-key/" + DcapSpec.HEX.formatHex(ppid) + "/" + spec.tee);
        byte[] attestationRaw = raw((ECPublicKey) attestation.getPublic());
        byte[] authData = intel.derive("qe-auth/" + DcapSpec.HEX.formatHex(ppid), 32);
        byte[] qeReportData = Arrays.copyOf(sha256(attestationRaw, authData), 64);
        byte[] qeReport = SgxReportBody.encode(spec.cpuSvn, 0, QE_ATTRIBUTES, intel.derive("qe-mrenclave/" + spec.tee, 32),
                tdx ? TD_QE_MRSIGNER : SGX_QE_MRSIGNER, new byte[64], tdx ? 2 : 1, qeSvn, 0, qeReportData);

        int bodyType;
        byte[] body;
        if (tdx) {
            bodyType = spec.td15 ? DcapQuote.BODY_TD15 : DcapQuote.BODY_TD10;
            body = tdBody(spec).encode();
        } else {
            bodyType = DcapQuote.BODY_SGX;
            long flags = 0x05L | (spec.debug ? SgxReportBody.FLAG_DEBUG : 0);
            byte[] attributes = new byte[16];
            for (int i = 0; i < 8; i++) {
                attributes[i] = (byte) (flags >>> (8 * i));
            }
            attributes[8] = (byte) 0xe7;
            body = SgxReportBody.encode(spec.cpuSvn, 0, attributes,
                    spec.mrEnclave != null ? spec.mrEnclave : intel.derive("mrenclave", 32),
                    spec.mrSigner != null ? spec.mrSigner : intel.derive("mrsigner", 32), spec.configId, spec.isvProdId,
                    spec.isvSvn, 0, spec.reportData);
        }
        byte[] quote = DcapQuoteEncoder.encode(new DcapQuoteEncoder.Parts(version, tdx ? DcapQuote.TEE_TDX : DcapQuote.TEE_SGX,
                qeSvn, spec.pceSvn, intel.derive("qe-id/" + DcapSpec.HEX.formatHex(ppid), 16), bodyType, body,
                attestation.getPrivate(), attestationRaw, qeReport, pckKeys.getPrivate(), authData, chainPem(pck),
                intel.random("quote/" + DcapSpec.HEX.formatHex(body))));

        List<BigInteger> revoked = spec.revokePck ? List.of(pck.getSerialNumber()) : List.of();
        return new SimulatedDcapEvidence(quote, tcbInfo(spec, fmspc, tdx), qeIdentity(spec, tdx, qeSvn),
                intel.pckCrl(spec.issued, spec.nextUpdate, revoked), intel.rootCrl(spec.issued, spec.nextUpdate, List.of()),
                intel.tcbSigningCertificate(), pck, intel.trustProfile());
    }

    private TdReportBody tdBody(DcapSpec spec) {
        List<byte[]> rtmrs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rtmrs.add(spec.rtmrs != null && spec.rtmrs[i] != null ? spec.rtmrs[i]
                    : i < 3 ? intel.derive("rtmr" + i, 48) : new byte[48]);
        }
        long attributes = 0x10000000L | (spec.debug ? TdReportBody.TD_DEBUG : 0);
        return new TdReportBody(spec.teeTcbSvn, spec.mrSeam != null ? spec.mrSeam : intel.derive("mrseam", 48), new byte[48],
                new byte[8], le64(attributes), le64(spec.xfam), spec.mrTd != null ? spec.mrTd : intel.derive("mrtd", 48),
                spec.mrConfigId, spec.mrOwner, spec.mrOwnerConfig, rtmrs, spec.reportData,
                spec.td15 ? Optional.of(spec.teeTcbSvn.clone()) : Optional.empty(),
                spec.td15 ? Optional.of(new byte[48]) : Optional.empty());
    }

    /**
     * TCB Info with two levels: the platform's own (status from the spec) and an older OutOfDate one
     * one PCESVN below, like Intel's lists. For TDX, the platform's TEE_TCB_SVN components and, for a
     * module with a major version, its module identity at its SVN.
     */
    private byte[] tcbInfo(DcapSpec spec, byte[] fmspc, boolean tdx) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", tdx ? "TDX" : "SGX");
        t.put("version", 3);
        t.put("issueDate", spec.issued.toString());
        t.put("nextUpdate", spec.nextUpdate.toString());
        t.put("fmspc", DcapSpec.HEX.formatHex(fmspc).toUpperCase(Locale.ROOT));
        t.put("pceId", "0000");
        t.put("tcbType", 0);
        t.put("tcbEvaluationDataNumber", 17);
        if (tdx) {
            t.put("tdxModule", Map.of("mrsigner", "0".repeat(96), "attributes", "0000000000000000",
                    "attributesMask", "FFFFFFFFFFFFFFFF"));
            int major = spec.teeTcbSvn[1] & 0xFF;
            if (major != 0) {
                Map<String, Object> module = new LinkedHashMap<>();
                module.put("id", String.format("TDX_%02X", major));
                module.put("mrsigner", "0".repeat(96));
                module.put("attributes", "0000000000000000");
                module.put("attributesMask", "FFFFFFFFFFFFFFFF");
                module.put("tcbLevels", List.of(Map.of("tcb", Map.of("isvsvn", spec.teeTcbSvn[0] & 0xFF),
                        "tcbDate", spec.issued.toString(), "tcbStatus", "UpToDate")));
                t.put("tdxModuleIdentities", List.of(module));
            }
        }
        List<Object> levels = new ArrayList<>();
        levels.add(level(spec, spec.pceSvn, spec.tcbStatus, spec.advisoryIds, tdx));
        if (spec.pceSvn > 0) {
            levels.add(level(spec, spec.pceSvn - 1, TcbStatus.OUT_OF_DATE, List.of("INTEL-SA-00000"), tdx));
        }
        t.put("tcbLevels", levels);
        return IntelCollateralJson.signed("tcbInfo", t, intel.tcbSigningKeys().getPrivate(),
                intel.random("tcb-info/" + DcapSpec.HEX.formatHex(fmspc) + "/" + spec.tcbStatus + spec.issued));
    }

    private static Map<String, Object> level(DcapSpec spec, int pceSvn, TcbStatus status, List<String> advisories,
            boolean tdx) {
        Map<String, Object> tcb = new LinkedHashMap<>();
        tcb.put("sgxtcbcomponents", components(spec.cpuSvn));
        tcb.put("pcesvn", pceSvn);
        if (tdx) {
            tcb.put("tdxtcbcomponents", components(spec.teeTcbSvn));
        }
        Map<String, Object> level = new LinkedHashMap<>();
        level.put("tcb", tcb);
        level.put("tcbDate", spec.issued.toString());
        level.put("tcbStatus", status.intelName());
        if (!advisories.isEmpty()) {
            level.put("advisoryIDs", advisories);
        }
        return level;
    }

    private static List<Object> components(byte[] svns) {
        List<Object> out = new ArrayList<>();
        for (byte b : svns) {
            out.add(Map.of("svn", b & 0xFF));
        }
        return out;
    }

    private byte[] qeIdentity(DcapSpec spec, boolean tdx, int qeSvn) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", tdx ? "TD_QE" : "QE");
        e.put("version", 2);
        e.put("issueDate", spec.issued.toString());
        e.put("nextUpdate", spec.nextUpdate.toString());
        e.put("tcbEvaluationDataNumber", 17);
        e.put("miscselect", "00000000");
        e.put("miscselectMask", "FFFFFFFF");
        e.put("attributes", "11000000000000000000000000000000");
        e.put("attributesMask", "FBFFFFFFFFFFFFFF0000000000000000");
        e.put("mrsigner", DcapSpec.HEX.formatHex(tdx ? TD_QE_MRSIGNER : SGX_QE_MRSIGNER).toUpperCase(Locale.ROOT));
        e.put("isvprodid", tdx ? 2 : 1);
        e.put("tcbLevels", List.of(Map.of("tcb", Map.of("isvsvn", qeSvn), "tcbDate", spec.issued.toString(),
                "tcbStatus", "UpToDate")));
        return IntelCollateralJson.signed("enclaveIdentity", e, intel.tcbSigningKeys().getPrivate(),
                intel.random("qe-identity/" + spec.tee + "/" + qeSvn + spec.issued));
    }

    private byte[] chainPem(X509Certificate pck) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (X509Certificate c : List.of(pck, intel.platformCaCertificate(), intel.rootCertificate())) {
            try {
                out.writeBytes(("-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                        + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode certificate", e);
            }
        }
        out.write(0); // Intel's QE terminates the chain with a NUL
        return out.toByteArray();
    }

    /** The raw x‖y (64 bytes) of a P-256 key, as quotes carry the attestation key. */
    private static byte[] raw(ECPublicKey key) {
        byte[] out = new byte[64];
        byte[] x = key.getW().getAffineX().toByteArray();
        byte[] y = key.getW().getAffineY().toByteArray();
        int nx = Math.min(x.length, 32);
        int ny = Math.min(y.length, 32);
        System.arraycopy(x, x.length - nx, out, 32 - nx, nx);
        System.arraycopy(y, y.length - ny, out, 64 - ny, ny);
        return out;
    }

    private static byte[] le64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    private static byte[] sha256(byte[] a, byte[] b) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(a);
            d.update(b);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
