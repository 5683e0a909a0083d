package dev.trustplane.evidence.appraisal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.kds.CollateralStore;
import dev.trustplane.evidence.kds.KdsRequest;
import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.SnpReport;
import dev.trustplane.evidence.tpm.SharedVectors;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bare SNP reports through the facade: collateral given as inputs, as a folder, or from an offline store. */
class SnpAppraisalTest {
    private static final String REPORT = "snp/milan-v3-ms.bin";
    private static final String MEASUREMENT =
            "5feee30d6d7e1a29f403d70a4198237ddfb13051a2d6976439487c609388ed7f98189887920ab2fa0096903a0c23fca1";

    @Test
    void report_with_vcek_and_chain_as_inputs_is_genuine_and_binds_the_nonce() {
        AppraisalResult r = Inputs.appraise(Inputs.options().withNonce(new byte[64]), REPORT,
                "collateral/vcek-milan-ms.pem", "roots/amd-milan-ask-ark.pem");
        assertThat(r.reasons()).isEmpty();
        assertThat(r.evidenceType()).isEqualTo("sevsnpvm");
        assertThat(r.warnings()).extracting(Reason::code).containsExactly(ReasonCode.CRL_NOT_CHECKED);
        assertThat(r.claims()).containsEntry("x-ms-sevsnpvm-launchmeasurement", MEASUREMENT)
                .containsEntry("x-ms-sevsnpvm-vmpl", 0L).containsEntry("sevsnp-product", "Milan");

        AppraisalResult wrong = Inputs.appraise(Inputs.options().withNonce(new byte[] {1}), REPORT,
                "collateral/vcek-milan-ms.pem", "roots/amd-milan-ask-ark.pem");
        assertThat(wrong.reasons()).extracting(Reason::code).containsExactly(ReasonCode.REPORT_DATA_MISMATCH);
    }

    @Test
    void collateral_folder_contents_are_used_and_stray_files_ignored() {
        EvidenceAppraiser appraiser = new EvidenceAppraiser(Inputs.options().withRequireCrl(true));
        AppraisalResult r = appraiser.appraise(Inputs.vectors(REPORT), List.of(Inputs.vector("collateral/vcek-milan-ms.pem"),
                Inputs.vector("roots/amd-milan-ask-ark.pem"), new EvidenceInput("README", "notes".getBytes())));
        assertThat(r.reasons()).extracting(Reason::code).containsExactly(ReasonCode.COLLATERAL_UNAVAILABLE);
        assertThat(r.reasons().getFirst().detail()).containsIgnoringCase("CRL");
    }

    @Test
    void vcek_and_chain_come_from_an_offline_store_when_not_given(@TempDir Path dir) throws Exception {
        CollateralStore store = CollateralStore.offline(dir);
        SnpReport report = SnpReport.parse(SharedVectors.read(REPORT));
        store.put(new KdsRequest.CertChain(SnpProduct.MILAN, false), SharedVectors.read("roots/amd-milan-ask-ark.pem"));
        AppraisalResult onlyChain = Inputs.appraise(Inputs.options().withStore(store), REPORT);
        assertThat(onlyChain.reasons()).extracting(Reason::code).containsExactly(ReasonCode.COLLATERAL_UNAVAILABLE);

        store.put(new KdsRequest.Vcek(SnpProduct.MILAN, report.chipId(),
                report.reportedTcb().decode(SnpProduct.MILAN.tcbLayout())), SharedVectors.read("collateral/vcek-milan-ms.pem"));
        AppraisalResult r = Inputs.appraise(Inputs.options().withStore(store), REPORT);
        assertThat(r.reasons()).isEmpty();
        assertThat(r.claims()).containsEntry("x-ms-sevsnpvm-launchmeasurement", MEASUREMENT);
    }

    @Test
    void trustee_azure_json_gets_its_ask_from_an_offline_store(@TempDir Path dir) throws Exception {
        CollateralStore store = CollateralStore.offline(dir);
        store.put(new KdsRequest.CertChain(SnpProduct.GENOA, false), SharedVectors.read("roots/amd-genoa-ask-ark.pem"));
        AppraisalResult r = Inputs.appraise(Inputs.options().withStore(store), "azure-cvm/snp-genoa-evidence.json");
        assertThat(r.reasons()).isEmpty();
        assertThat(r.evidenceType()).isEqualTo("azure-cvm-snp");
    }

    @Test
    void debug_policy_report_is_genuine_with_a_DEBUG_ENABLED_warning() {
        AppraisalResult r = Inputs.appraise(Inputs.options(), "snp/milan-v2-gosev-debug-policy.bin",
                "collateral/vcek-milan-gosev.der", "roots/amd-milan-ask-ark.pem");
        assertThat(r.reasons()).isEmpty();
        assertThat(r.warnings()).extracting(Reason::code).contains(ReasonCode.DEBUG_ENABLED);
        assertThat(r.claims()).containsEntry("x-ms-sevsnpvm-is-debuggable", true);
    }
}
