package dev.trustplane.cli;

import dev.trustplane.evidence.kds.CollateralStore;
import dev.trustplane.evidence.kds.CollateralTransfer;
import dev.trustplane.evidence.pcs.IntelCollateralTransfer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code trustplane collateral import|export DIR}: moves AMD collateral (VCEKs, ASK/ARK chains, CRLs)
 * and Intel collateral (TCB Info, QE Identity, PCK and Root CA CRLs, TCB Signing certificate) between
 * the data dir's cache ({@code DATA_DIR/collateral}) and a folder, for sites without network access to
 * AMD's KDS or Intel's PCS.
 */
@Command(name = "collateral", mixinStandardHelpOptions = true,
        description = "Import or export verification collateral (air-gapped sites).",
        subcommands = {CollateralCommand.Import.class, CollateralCommand.Export.class})
final class CollateralCommand {

    static Path cacheDir(CommonOptions common) throws UsageException {
        return common.toServerConfig(null, null, null, null, null, System.getenv()).dataDir().resolve("collateral");
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "File every AMD or Intel certificate, CRL and Intel collateral JSON found under DIR (any names) into the cache.")
    static final class Import implements Callable<Integer> {
        @Mixin
        CommonOptions common = new CommonOptions();

        @Parameters(paramLabel = "DIR", description = "Folder to import from (searched recursively).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(dir)) {
                throw new UsageException("collateral import: " + dir + " is not a directory");
            }
            Path cache = cacheDir(common);
            try {
                var summary = CollateralTransfer.importFrom(dir, CollateralStore.offline(cache));
                System.out.printf("Imported %d VCEK(s), %d certificate chain(s), %d CRL(s) into %s%n", summary.vceks(),
                        summary.chains(), summary.crls(), cache);
                summary.skipped().forEach(s -> System.err.println("skipped: " + s));
                var intel = IntelCollateralTransfer.importFrom(dir, CollateralStore.offline(cache));
                System.out.printf("Imported %d Intel TCB Info, %d QE Identity, %d Intel CRL(s), %d TCB Signing "
                        + "certificate(s) into %s%n", intel.tcbInfos(), intel.qeIdentities(), intel.crls(),
                        intel.signingCertificates(), cache);
                intel.problems().forEach(s -> System.err.println("skipped: " + s));
            } catch (IOException e) {
                throw new UsageException("collateral import: " + e.getMessage());
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Copy the cached collateral to DIR.")
    static final class Export implements Callable<Integer> {
        @Mixin
        CommonOptions common = new CommonOptions();

        @Parameters(paramLabel = "DIR", description = "Folder to export to (created if needed).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Path cache = cacheDir(common);
            try {
                int count = CollateralTransfer.exportTo(CollateralStore.offline(cache), dir);
                System.out.printf("Exported %d file(s) from %s to %s%n", count, cache, dir);
            } catch (IOException e) {
                throw new UsageException("collateral export: " + e.getMessage());
            }
            return 0;
        }
    }
}
