package dev.trustplane.evidence.dcap;

import static dev.trustplane.evidence.dcap.internal.Fields.array;
import static dev.trustplane.evidence.dcap.internal.Fields.bad;
import static dev.trustplane.evidence.dcap.internal.Fields.hex;
import static dev.trustplane.evidence.dcap.internal.Fields.integer;
import static dev.trustplane.evidence.dcap.internal.Fields.member;
import static dev.trustplane.evidence.dcap.internal.Fields.status;
import static dev.trustplane.evidence.dcap.internal.Fields.strings;
import static dev.trustplane.evidence.dcap.internal.Fields.text;
import static dev.trustplane.evidence.dcap.internal.Fields.time;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.dcap.internal.Fields;
import dev.trustplane.evidence.dcap.internal.SignedJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Intel TCB Info version 3 (PCS v4, {@code id} "SGX" or "TDX"): the TCB levels of one platform family
 * (FMSPC), each with a status and advisory IDs, plus for TDX the TDX module's signer and the module
 * identities of TDX 1.5+ modules. Keeps the exact signed bytes and the signature for
 * {@link DcapVerifier}.
 */
public record TcbInfo(
        String id,
        int version,
        Instant issueDate,
        Instant nextUpdate,
        String fmspc,
        String pceId,
        int tcbEvaluationDataNumber,
        Optional<TdxModule> tdxModule,
        List<TdxModuleIdentity> tdxModuleIdentities,
        List<Level> levels,
        SignedJson signed) {

    /** The TDX module signer and attributes (TDX 1.0 modules, and the default). */
    public record TdxModule(byte[] mrSigner, byte[] attributes, byte[] attributesMask) {}

    /** One TDX module identity ({@code TDX_01}, {@code TDX_03}, …) with its own TCB levels. */
    public record TdxModuleIdentity(String id, byte[] mrSigner, byte[] attributes, byte[] attributesMask,
            List<ModuleLevel> levels) {}

    /** A module TCB level: ISVSVN threshold and status. */
    public record ModuleLevel(int isvSvn, Instant tcbDate, TcbStatus status, List<String> advisoryIds) {}

    /**
     * A platform TCB level.
     *
     * @param sgxComponents the 16 SGX TCB component SVNs
     * @param pceSvn the PCE SVN
     * @param tdxComponents the 16 TDX TCB component SVNs (TDX TCB Info only)
     */
    public record Level(int[] sgxComponents, int pceSvn, Optional<int[]> tdxComponents, Instant tcbDate,
            TcbStatus status, List<String> advisoryIds) {}

    /** Parses a PCS response body {@code {"tcbInfo": {...}, "signature": "..."}}. */
    public static TcbInfo parse(byte[] document) throws EvidenceFormatException {
        SignedJson signed = SignedJson.parse(document, "tcbInfo");
        JsonNode t = Fields.tree(signed.body(), "tcbInfo");
        String p = "tcbInfo";
        String id = text(t, p, "id");
        if (!id.equals("SGX") && !id.equals("TDX")) {
            throw bad(p + ".id", "'" + (id.length() > 10 ? id.substring(0, 10) : id) + "' is neither SGX nor TDX");
        }
        int version = integer(t, p, "version");
        if (version != 3) {
            throw bad(p + ".version", "version " + version + " (only TCB Info v3 is supported)");
        }
        Optional<TdxModule> module = Optional.empty();
        List<TdxModuleIdentity> identities = new ArrayList<>();
        if (id.equals("TDX")) {
            JsonNode m = member(t, p, "tdxModule");
            module = Optional.of(new TdxModule(hex(m, p + ".tdxModule", "mrsigner", 48),
                    hex(m, p + ".tdxModule", "attributes", 8), hex(m, p + ".tdxModule", "attributesMask", 8)));
            if (t.has("tdxModuleIdentities")) {
                int i = 0;
                for (JsonNode mi : array(t, p, "tdxModuleIdentities")) {
                    identities.add(moduleIdentity(mi, p + ".tdxModuleIdentities[" + i++ + "]"));
                }
            }
        }
        List<Level> levels = new ArrayList<>();
        int i = 0;
        for (JsonNode l : array(t, p, "tcbLevels")) {
            levels.add(level(l, p + ".tcbLevels[" + i++ + "]", id.equals("TDX")));
        }
        return new TcbInfo(id, version, time(t, p, "issueDate"), time(t, p, "nextUpdate"),
                text(t, p, "fmspc").toLowerCase(Locale.ROOT), text(t, p, "pceId").toLowerCase(Locale.ROOT),
                integer(t, p, "tcbEvaluationDataNumber"), module, List.copyOf(identities), List.copyOf(levels), signed);
    }

    private static TdxModuleIdentity moduleIdentity(JsonNode m, String p) throws EvidenceFormatException {
        List<ModuleLevel> levels = new ArrayList<>();
        int i = 0;
        for (JsonNode l : array(m, p, "tcbLevels")) {
            String lp = p + ".tcbLevels[" + i++ + "]";
            levels.add(new ModuleLevel(integer(member(l, lp, "tcb"), lp + ".tcb", "isvsvn"), time(l, lp, "tcbDate"),
                    status(l, lp), strings(l, lp, "advisoryIDs")));
        }
        return new TdxModuleIdentity(text(m, p, "id"), hex(m, p, "mrsigner", 48), hex(m, p, "attributes", 8),
                hex(m, p, "attributesMask", 8), List.copyOf(levels));
    }

    private static Level level(JsonNode l, String p, boolean tdx) throws EvidenceFormatException {
        JsonNode tcb = member(l, p, "tcb");
        int[] sgx = components(tcb, p + ".tcb", "sgxtcbcomponents");
        Optional<int[]> tdxComponents = tdx ? Optional.of(components(tcb, p + ".tcb", "tdxtcbcomponents")) : Optional.empty();
        return new Level(sgx, integer(tcb, p + ".tcb", "pcesvn"), tdxComponents, time(l, p, "tcbDate"), status(l, p),
                strings(l, p, "advisoryIDs"));
    }

    private static int[] components(JsonNode tcb, String p, String name) throws EvidenceFormatException {
        List<JsonNode> list = array(tcb, p, name);
        if (list.size() != 16) {
            throw bad(p + "." + name, "has " + list.size() + " components, expected 16");
        }
        int[] out = new int[16];
        for (int i = 0; i < 16; i++) {
            out[i] = integer(list.get(i), p + "." + name + "[" + i + "]", "svn");
        }
        return out;
    }
}
