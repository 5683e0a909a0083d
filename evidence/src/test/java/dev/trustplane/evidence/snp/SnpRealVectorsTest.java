package dev.trustplane.evidence.snp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.internal.Hex;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * Every SEV-SNP report in {@code vectors/MANIFEST.md} verifies with its companion VCEK/VLEK and AMD
 * chain, and decodes to the values the manifest lists. All vectors are checked; failures are
 * collected and reported together.
 */
class SnpRealVectorsTest {

    /** Expected values transcribed from MANIFEST.md. */
    record Expected(String report, String leaf, String roots, Instant at, int version, long guestSvn, long policy,
            long vmpl, long platformInfo, SigningKey signer, String product, long reportedTcb, long currentTcb,
            int bl, int tee, int snp, int ucode, int fmc, String firmware, String chipIdPrefix, boolean debug,
            String measurement, String reportDataPrefix, String hostData, Long mitVector) {}

    static final Instant MID_2026 = Instant.parse("2026-06-01T00:00:00Z");
    static final Instant MID_2025 = Instant.parse("2025-06-01T00:00:00Z");

    static final List<Expected> VECTORS = List.of(
            new Expected("snp/milan-v3-ms.bin", "collateral/vcek-milan-ms.pem", "roots/amd-milan-ask-ark.pem",
                    MID_2026, 3, 2, 0x3001fL, 0, 0x25, SigningKey.VCEK, "Milan", 0xdb18000000000004L,
                    0xdb18000000000004L, 4, 0, 24, 219, -1, "1.55.29", "4ffb5cb4fd594f3f", false,
                    "5feee30d6d7e1a29f403d70a4198237ddfb13051a2d6976439487c609388ed7f98189887920ab2fa0096903a0c23fca1",
                    "0000000000000000", "4f4448c67f3c8dfc8de8a5e37125d807dadcc41f06cf23f615dbd52eec777d10", null),
            new Expected("snp/genoa-v3-ms.bin", "collateral/vcek-genoa-ms.pem", "roots/amd-genoa-ask-ark.pem",
                    MID_2026, 3, 2, 0x3001fL, 0, 0x27, SigningKey.VCEK, "Genoa", 0x541700000000000aL,
                    0x541700000000000aL, 10, 0, 23, 84, -1, "1.55.40", "b1e24a27bbc3a4d5", false,
                    "5feee30d6d7e1a29f403d70a4198237ddfb13051a2d6976439487c609388ed7f98189887920ab2fa0096903a0c23fca1",
                    "0000000000000000", "4f4448c67f3c8dfc8de8a5e37125d807dadcc41f06cf23f615dbd52eec777d10", null),
            new Expected("snp/turin-v5-ms.bin", "collateral/vcek-turin-ms.pem", "roots/amd-turin-ask-ark.pem",
                    MID_2026, 5, 2, 0x3001fL, 0, 0x65, SigningKey.VCEK, "Turin", 0x5100000004010101L,
                    0x5100000004010101L, 1, 1, 4, 81, 1, "1.55.65", "59790fb1c39f35c1", false,
                    "6d6c354511d6f7c6d7504668903dc5bdc066a048b651840d8d03fb85299ebfa142fccf1d1b0baca496841bdf243619d4",
                    "0000000000000000", "b3452a0ed30f1010bd32740dd1610bc63296ceb0f882f2cac3a3152d651fe7e4", 0x3fL),
            new Expected("snp/genoa-v5-oak.bin", "collateral/vcek-genoa-oak.der", "roots/amd-genoa-ask-ark.pem",
                    MID_2026, 5, 0, 0x30000L, 0, 0x25, SigningKey.VCEK, "Genoa", 0x541900000000000aL,
                    0x541900000000000aL, 10, 0, 25, 84, -1, "1.55.43", "d2421d976f95ce0b", false,
                    "c57729018b0a6fb90dc17bb138b0aa35e4401004283ff4a2c24d3739ff3750f52384370e77b7032862a08c440a9bc4dc",
                    "8100555af0ad8e75", "0000000000000000000000000000000000000000000000000000000000000000", 0x1L),
            new Expected("snp/milan-v2-gosev-debug-policy.bin", "collateral/vcek-milan-gosev.der",
                    "roots/amd-milan-ask-ark.pem", MID_2026, 2, 0, 0xb0000L, 0, 0x1, SigningKey.VCEK, "Milan",
                    0x4405000000000002L, 0x4405000000000002L, 2, 0, 5, 68, -1, "1.49.3", "3ac3fe21e13fb099", true,
                    "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01",
                    "0102030405000000", "0000000000000000000000000000000000000000000000000000000000000000", null),
            new Expected("snp/milan-v2-trustee.bin", "collateral/vcek-milan-trustee.der", "roots/amd-milan-ask-ark.pem",
                    MID_2026, 2, 4, 0x3001fL, 0, 0x1, SigningKey.VCEK, "Milan", 0x7308000000000003L,
                    0xce08000000000003L, 3, 0, 8, 115, -1, "1.52.4", "c38427a30d4c7af9", false,
                    "a1f3930413247bb38cfc171579ea3c12d5fe4901f0c792f63fd75d98f1ef827c23500644e0e692e6be917f9050d3d38c",
                    "ec6c52d7533cc2c4", "0000000000000000000000000000000000000000000000000000000000000000", null),
            new Expected("snp/milan-v3-vlek-trustee.bin", "collateral/vlek-milan-trustee.der",
                    "roots/amd-milan-asvk-ark.pem", MID_2025, 3, 0, 0x30000L, 1, 0x27, SigningKey.VLEK, "Milan",
                    0xd918000000000004L, 0xdc18000000000004L, 4, 0, 24, 217, -1, "1.55.29", "0000000000000000", false,
                    "8922ebbdd00ec2c541f36a6e7a82a8773a7accb451ed67bc94e740dbe92c93c4e8c9af857f5ceeb5a493df2a570d7bf0",
                    "819770b7e6ea6df8", "0000000000000000000000000000000000000000000000000000000000000000", null));

    /** Collects assertion failures across all vectors (plain AssertJ; no proxies, so it is fast). */
    static final class Failures {
        private final List<String> messages = new ArrayList<>();

        void check(Runnable assertion) {
            try {
                assertion.run();
            } catch (AssertionError e) {
                messages.add(e.getMessage());
            }
        }

        void fail(String message) {
            messages.add(message);
        }

        void assertAll() {
            assertThat(messages).as(messages.size() + " failures:\n" + String.join("\n", messages)).isEmpty();
        }
    }

    @Test
    void every_manifest_vector_verifies_and_decodes_to_the_manifest_values() {
        Vectors.dir();
        Failures soft = new Failures();
        for (Expected e : VECTORS) {
            check(e, soft);
        }
        soft.assertAll();
    }

    private static void check(Expected e, Failures soft) {
        byte[] bytes = Vectors.bytes(e.report());
        SnpReport r;
        byte[] reencoded;
        try {
            r = SnpReport.parse(bytes);
            reencoded = r.toBuilder().build().toBytes();
        } catch (EvidenceFormatException ex) {
            soft.fail(e.report() + " does not parse: " + ex.getMessage());
            return;
        }
        String n = e.report() + " ";
        soft.check(() -> assertThat(reencoded).as(n + "re-encodes byte-exactly").isEqualTo(bytes));
        soft.check(() -> assertThat(r.version()).as(n + "version").isEqualTo(e.version()));
        soft.check(() -> assertThat(r.guestSvn()).as(n + "guest svn").isEqualTo(e.guestSvn()));
        soft.check(() -> assertThat(r.policy().raw()).as(n + "policy").isEqualTo(e.policy()));
        soft.check(() -> assertThat(r.policy().debugAllowed()).as(n + "debug").isEqualTo(e.debug()));
        soft.check(() -> assertThat(r.policy().smtAllowed()).as(n + "smt").isTrue());
        soft.check(() -> assertThat(r.policy().migrateMaAllowed()).as(n + "migrate_ma").isFalse());
        soft.check(() -> assertThat(r.policy().singleSocketRequired()).as(n + "single socket").isFalse());
        soft.check(() -> assertThat(r.vmpl()).as(n + "vmpl").isEqualTo(e.vmpl()));
        soft.check(() -> assertThat(r.platformInfo().raw()).as(n + "platform info").isEqualTo(e.platformInfo()));
        soft.check(() -> assertThat(r.signingKey()).as(n + "signing key").isEqualTo(e.signer()));
        soft.check(() -> assertThat(r.reportedTcb().raw()).as(n + "reported tcb").isEqualTo(e.reportedTcb()));
        soft.check(() -> assertThat(r.currentTcb().raw()).as(n + "current tcb").isEqualTo(e.currentTcb()));
        soft.check(() -> assertThat(r.currentFirmware().toString()).as(n + "firmware").isEqualTo(e.firmware()));
        soft.check(() -> assertThat(Hex.encode(r.chipId())).as(n + "chip id").startsWith(e.chipIdPrefix()));
        soft.check(() -> assertThat(Hex.encode(r.measurement())).as(n + "measurement").isEqualTo(e.measurement()));
        soft.check(() -> assertThat(Hex.encode(r.reportData())).as(n + "report data").startsWith(e.reportDataPrefix()));
        soft.check(() -> assertThat(Hex.encode(r.hostData())).as(n + "host data").isEqualTo(e.hostData()));
        soft.check(() -> assertThat(r.cpuid().isPresent()).as(n + "cpuid presence").isEqualTo(e.version() >= 3));
        soft.check(() -> assertThat(r.launchMitigationVector().isPresent()).as(n + "mit vector presence").isEqualTo(e.version() >= 5));
        if (e.mitVector() != null) {
            soft.check(() -> assertThat(r.launchMitigationVector().getAsLong()).as(n + "launch mit").isEqualTo(e.mitVector()));
            soft.check(() -> assertThat(r.currentMitigationVector().getAsLong()).as(n + "current mit").isEqualTo(e.mitVector()));
        }
        if (e.version() >= 3) {
            soft.check(() -> assertThat(r.product()).as(n + "product from CPUID").contains(SnpProduct.fromKdsName(e.product()).orElseThrow()));
        }
        TcbVersion.Components tcb = r.reportedTcb().decode(SnpProduct.fromKdsName(e.product()).orElseThrow().tcbLayout());
        soft.check(() -> assertThat(List.of(tcb.fmc(), tcb.bootLoader(), tcb.tee(), tcb.snp(), tcb.microcode()))
                .as(n + "tcb components").containsExactly(e.fmc(), e.bl(), e.tee(), e.snp(), e.ucode()));

        SnpVerifier v = SnpVerifier.production(Clock.fixed(e.at(), ZoneOffset.UTC));
        AppraisalResult result = v.verify(bytes, Vectors.collateral(e.leaf(), e.roots()), r.reportData());
        soft.check(() -> assertThat(result.reasons()).as(n + "rejection reasons").isEmpty());
        soft.check(() -> assertThat(result.genuine()).as(n + "genuine").isTrue());
        soft.check(() -> assertThat(result.has(ReasonCode.CRL_NOT_CHECKED)).as(n + "CRL warning").isTrue());
        soft.check(() -> assertThat(result.has(ReasonCode.DEBUG_ENABLED)).as(n + "debug warning").isEqualTo(e.debug()));
        soft.check(() -> assertThat(result.claims())
                .as(n + "claims")
                .containsEntry("x-ms-attestation-type", "sevsnpvm")
                .containsEntry("x-ms-sevsnpvm-launchmeasurement", e.measurement())
                .containsEntry("x-ms-sevsnpvm-hostdata", e.hostData())
                .containsEntry("x-ms-sevsnpvm-is-debuggable", e.debug())
                .containsEntry("x-ms-sevsnpvm-vmpl", e.vmpl())
                .containsEntry("x-ms-sevsnpvm-guestsvn", e.guestSvn())
                .containsEntry("x-ms-sevsnpvm-bootloader-svn", e.bl())
                .containsEntry("x-ms-sevsnpvm-tee-svn", e.tee())
                .containsEntry("x-ms-sevsnpvm-snpfw-svn", e.snp())
                .containsEntry("x-ms-sevsnpvm-microcode-svn", e.ucode())
                .containsEntry("x-ms-sevsnpvm-smt-allowed", true)
                .containsEntry("x-ms-sevsnpvm-migration-allowed", false)
                .containsEntry("sevsnp-product", e.product())
                .containsEntry("sevsnp-signing-key", e.signer().name())
                .containsEntry("sevsnp-reported-tcb", Hex.u64(e.reportedTcb()))
                .containsEntry("sevsnp-trust-profile", "production"));
        if (e.fmc() >= 0) {
            soft.check(() -> assertThat(result.claims()).as(n + "fmc claim").containsEntry("sevsnp-fmc-svn", e.fmc()));
        }
    }
}
