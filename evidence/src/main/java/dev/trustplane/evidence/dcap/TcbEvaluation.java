package dev.trustplane.evidence.dcap;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of matching a platform against Intel collateral, as Intel's QVL computes it.
 *
 * <p>Platform level: the first TCB level (Intel lists them newest first) whose 16 SGX component SVNs
 * and PCE SVN are all at most the PCK certificate's; for TDX the level must also have all 16 TDX
 * component SVNs at most the quote's TEE_TCB_SVN (a Revoked SGX match ends the search as Revoked),
 * except that when TEE_TCB_SVN[1] (the TDX module's major version) is not 0 its first two bytes are
 * the module's own SVN and version, judged by the module identity instead of the platform levels.
 * (This is what makes real Azure and GCE TDX quotes match their TCB Info: their module SVN is below
 * the platform level's component 0 while the module identity lists it as current.)
 * TDX module: when TEE_TCB_SVN[1] is not 0, identity
 * {@code TDX_<version as two hex digits>} gives the module's status by its ISVSVN (TEE_TCB_SVN[0]);
 * an OutOfDate module makes the platform status OutOfDate(ConfigurationNeeded). QE: the first QE
 * Identity level with ISVSVN at most the QE's; an OutOfDate QE converges the same way, a Revoked QE
 * makes the result Revoked. Advisory IDs are the union of the matched levels', in order.
 *
 * @param status the converged status, empty when no platform level matched
 * @param platformStatus the matched platform level's status
 * @param tdxModuleStatus the TDX module identity's status, when the module has one
 * @param qeStatus the QE's status from its identity
 * @param advisoryIds advisory IDs of every matched level
 * @param tcbDate the matched platform level's date
 */
public record TcbEvaluation(
        Optional<TcbStatus> status,
        Optional<TcbStatus> platformStatus,
        Optional<TcbStatus> tdxModuleStatus,
        Optional<TcbStatus> qeStatus,
        List<String> advisoryIds,
        Optional<java.time.Instant> tcbDate) {

    private static final java.util.HexFormat HEX_UPPER = java.util.HexFormat.of().withUpperCase();

    /** Matches the platform level (SGX components and PCE SVN from the PCK, TDX from TEE_TCB_SVN). */
    static Optional<TcbInfo.Level> platformLevel(TcbInfo info, PckExtensions pck, Optional<byte[]> teeTcbSvn) {
        for (TcbInfo.Level level : info.levels()) {
            boolean sgx = level.pceSvn() <= pck.pceSvn();
            for (int i = 0; i < 16 && sgx; i++) {
                sgx = level.sgxComponents()[i] <= pck.cpuSvnComponents()[i];
            }
            if (!sgx) {
                continue;
            }
            if (level.status() == TcbStatus.REVOKED || teeTcbSvn.isEmpty()) {
                return Optional.of(level);
            }
            int[] tdx = level.tdxComponents().orElse(new int[16]);
            boolean ok = true;
            int first = (teeTcbSvn.get()[1] & 0xFF) != 0 ? 2 : 0;
            for (int i = first; i < 16 && ok; i++) {
                ok = tdx[i] <= (teeTcbSvn.get()[i] & 0xFF);
            }
            if (ok) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    /** The module identity and its matched level for TEE_TCB_SVN, when the module version is not 0. */
    static Optional<TcbInfo.TdxModuleIdentity> moduleIdentity(TcbInfo info, byte[] teeTcbSvn) {
        int moduleVersion = teeTcbSvn[1] & 0xFF;
        if (moduleVersion == 0) {
            return Optional.empty();
        }
        String id = "TDX_" + HEX_UPPER.toHexDigits((byte) moduleVersion);
        return info.tdxModuleIdentities().stream().filter(m -> m.id().equalsIgnoreCase(id)).findFirst();
    }

    static Optional<TcbInfo.ModuleLevel> moduleLevel(TcbInfo.TdxModuleIdentity identity, byte[] teeTcbSvn) {
        int isvSvn = teeTcbSvn[0] & 0xFF;
        return identity.levels().stream().filter(l -> l.isvSvn() <= isvSvn).findFirst();
    }

    static Optional<EnclaveIdentity.Level> qeLevel(EnclaveIdentity identity, int isvSvn) {
        return identity.levels().stream().filter(l -> l.isvSvn() <= isvSvn).findFirst();
    }

    /** Converges the parts (see the class comment). */
    static TcbEvaluation of(Optional<TcbInfo.Level> platform, Optional<TcbInfo.ModuleLevel> module,
            Optional<EnclaveIdentity.Level> qe, boolean qeEvaluated) {
        Set<String> advisories = new LinkedHashSet<>();
        platform.ifPresent(p -> advisories.addAll(p.advisoryIds()));
        module.ifPresent(m -> advisories.addAll(m.advisoryIds()));
        qe.ifPresent(q -> advisories.addAll(q.advisoryIds()));
        Optional<TcbStatus> qeStatus = qe.map(EnclaveIdentity.Level::status)
                .or(() -> qeEvaluated ? Optional.of(TcbStatus.REVOKED) : Optional.empty());
        Optional<TcbStatus> status = platform.map(p -> {
            TcbStatus s = p.status();
            if (module.isPresent() && module.get().status().outOfDate()) {
                s = s.withOutOfDateComponent();
            }
            if (module.isPresent() && module.get().status() == TcbStatus.REVOKED) {
                s = TcbStatus.REVOKED;
            }
            if (qeStatus.isPresent() && qeStatus.get().outOfDate()) {
                s = s.withOutOfDateComponent();
            }
            if (qeStatus.isPresent() && qeStatus.get() == TcbStatus.REVOKED) {
                s = TcbStatus.REVOKED;
            }
            return s;
        });
        return new TcbEvaluation(status, platform.map(TcbInfo.Level::status), module.map(TcbInfo.ModuleLevel::status),
                qeStatus, List.copyOf(advisories), platform.map(TcbInfo.Level::tcbDate));
    }

    static boolean masked(byte[] value, byte[] mask, byte[] expected) {
        if (value.length != mask.length || mask.length != expected.length) {
            return false;
        }
        for (int i = 0; i < value.length; i++) {
            if ((value[i] & mask[i]) != (expected[i] & mask[i])) {
                return false;
            }
        }
        return true;
    }

    static boolean equal(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
