package dev.trustplane.evidence.appraisal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.dcap.DcapClaimNames;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TDX and SGX quotes through the facade: detection, collateral given as inputs or as a folder, nonce, type checks. */
class DcapAppraisalTest {
    private static final Clock EMR_TIME = Clock.fixed(Instant.parse("2026-02-15T00:00:00Z"), ZoneOffset.UTC);
    private static final Clock GCE_TIME = Clock.fixed(Instant.parse("2025-06-15T00:00:00Z"), ZoneOffset.UTC);
    private static final Clock ICX_TIME = Clock.fixed(Instant.parse("2025-08-20T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void tdx_quote_with_collateral_files_is_appraised_as_tdxvm() {
        AppraisalResult r = Inputs.appraise(EvidenceAppraiser.Options.defaults().withClock(EMR_TIME),
                "tdx/v5-emr-gotdx.dat", "collateral/intel-tdx-tcbinfo-90c06f000000-2026.json",
                "collateral/intel-td-qe-identity-2025.json", "collateral/intel-tcb-signing-2025.der");
        assertThat(r.genuine()).isTrue();
        assertThat(r.evidenceType()).isEqualTo("tdxvm");
        assertThat(r.claims()).containsEntry("attester_tcb_status", "UpToDate").containsEntry("x-ms-attestation-type", "tdxvm");
    }

    @Test
    void sgx_quote_takes_collateral_from_the_collateral_folder_and_checks_the_nonce() {
        byte[] nonce = Inputs.HEX.parseHex("000000000000000000000000533bdab5edb34c958d5ed0b9f950a158a9e65ec7153235568a113e5156253dd1f3fb78db20a37290a42e114a541ffe3d155263ee");
        EvidenceAppraiser.Options options = EvidenceAppraiser.Options.defaults().withClock(ICX_TIME).withNonce(nonce)
                .withType(EvidenceType.SGX).withRequireCrl(true);
        AppraisalResult r = new EvidenceAppraiser(options).appraise(Inputs.vectors("sgx/v3-icx-automata.dat"),
                Inputs.vectors("collateral/intel-sgx-tcbinfo-00606a000000-2025.json",
                        "collateral/intel-sgx-qe-identity-2025.json", "collateral/intel-tcb-signing-2025.der",
                        "collateral/intel-pck-platform-crl-2025-08.der", "collateral/intel-root-ca-crl-2023.der",
                        "collateral/vcek-milan-ms.pem"));
        assertThat(r.genuine()).isTrue();
        assertThat(r.evidenceType()).isEqualTo("sgx");
        assertThat(r.claims()).containsEntry("dcap-tcb-status", "SWHardeningNeeded");

        AppraisalResult wrongNonce = new EvidenceAppraiser(options.withNonce(new byte[] {7}))
                .appraise(Inputs.vectors("sgx/v3-icx-automata.dat"), List.of());
        assertThat(wrongNonce.has(ReasonCode.REPORT_DATA_MISMATCH)).isTrue();
    }

    @Test
    void a_tdx_quote_is_not_sgx_evidence() {
        AppraisalResult r = Inputs.appraise(EvidenceAppraiser.Options.defaults().withType(EvidenceType.SGX),
                "tdx/v4-gnr-trustee.dat");
        assertThat(r.genuine()).isFalse();
        assertThat(r.reasons().getFirst().detail()).contains("is tdx evidence, not sgx");
    }

    @Test
    void a_quote_without_collateral_is_collateral_unavailable_not_malformed() {
        AppraisalResult r = Inputs.appraise(EvidenceAppraiser.Options.defaults().withClock(ICX_TIME),
                "sgx/v3-icx-debug-occlum-trustee.dat");
        assertThat(r.genuine()).isFalse();
        assertThat(r.reasons()).allMatch(x -> x.code() == ReasonCode.COLLATERAL_UNAVAILABLE);
        assertThat(r.claims()).containsEntry("x-ms-sgx-is-debuggable", true);
    }

    @Test
    void td_quote_beside_an_hcl_report_stays_a_companion() {
        AppraisalResult r = Inputs.appraise(Inputs.options(), "azure-cvm/tdx-hcl-report.bin", "azure-cvm/tdx-td-quote.dat");
        assertThat(r.evidenceType()).isNotEqualTo("tdxvm");
    }

    @Test
    void truncated_quote_named_by_the_caller_is_malformed_with_the_field() {
        byte[] quote = java.util.Arrays.copyOf(dev.trustplane.evidence.tpm.SharedVectors.read("tdx/v4-gnr-trustee.dat"), 1500);
        AppraisalResult r = new EvidenceAppraiser(EvidenceAppraiser.Options.defaults().withType(EvidenceType.TDX))
                .appraise(List.of(new EvidenceInput("short.dat", quote)), List.of());
        assertThat(r.genuine()).isFalse();
        assertThat(r.reasons().getFirst().code()).isEqualTo(ReasonCode.MALFORMED);
        assertThat(r.reasons().getFirst().detail()).isEqualTo("short.dat: SIGNATURE_DATA_LEN at offset 0x278: declares 4300 bytes but only 864 remain");
    }

    @Test
    void open_enclave_report_is_an_sgx_quote_behind_a_header() throws Exception {
        byte[] quote = dev.trustplane.evidence.tpm.SharedVectors.read("sgx/v3-icx-automata.dat");
        byte[] report = dev.trustplane.evidence.dcap.OpenEnclaveReport.wrap(quote);
        assertThat(dev.trustplane.evidence.dcap.OpenEnclaveReport.quote(report)).isEqualTo(quote);
        assertThat(EvidenceAppraiser.detect(report)).contains(EvidenceType.SGX);
        AppraisalResult r = new EvidenceAppraiser(EvidenceAppraiser.Options.defaults().withClock(ICX_TIME))
                .appraise(List.of(new EvidenceInput("oe-report", report)), Inputs.vectors(
                        "collateral/intel-sgx-tcbinfo-00606a000000-2025.json", "collateral/intel-sgx-qe-identity-2025.json",
                        "collateral/intel-tcb-signing-2025.der"));
        assertThat(r.genuine()).as(r.reasons().toString()).isTrue();
        assertThat(r.claims()).containsEntry("x-ms-sgx-mrenclave",
                "3e7830a35057b9938d0fd849d13e3d82dc4abba812f8ffebbbb3d0e5ff1dd661");

        byte[] badSize = report.clone();
        badSize[8] ^= 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.trustplane.evidence.dcap.OpenEnclaveReport.quote(badSize))
                .isInstanceOfSatisfying(dev.trustplane.evidence.EvidenceFormatException.class,
                        e -> assertThat(e.field()).isEqualTo("OE_REPORT_SIZE"));
    }

    @Test
    void collateral_expiry_is_a_claim_and_fresh_collateral_can_be_required() {
        List<EvidenceInput> collateral = Inputs.vectors("collateral/intel-sgx-tcbinfo-00606a000000-2025.json",
                "collateral/intel-sgx-qe-identity-2025.json", "collateral/intel-tcb-signing-2025.der",
                "collateral/intel-pck-platform-crl-2025-08.der");
        List<EvidenceInput> quote = Inputs.vectors("sgx/v3-icx-automata.dat");
        EvidenceAppraiser.Options fresh = EvidenceAppraiser.Options.defaults().withClock(ICX_TIME);
        AppraisalResult inTime = new EvidenceAppraiser(fresh.withRequireFreshCollateral(true)).appraise(quote, collateral);
        assertThat(inTime.genuine()).as(inTime.reasons().toString()).isTrue();
        assertThat(inTime.has(ReasonCode.COLLATERAL_EXPIRED)).isFalse();
        // The QE Identity's nextUpdate is the earliest of TCB Info, QE Identity and PCK CRL.
        assertThat(inTime.claims()).containsEntry(DcapClaimNames.COLLATERAL_EXPIRED, false)
                .containsEntry(DcapClaimNames.COLLATERAL_NEXT_UPDATE, "2025-09-14T04:36:46Z");

        // A week after: QVL's "collateral expired" status, a warning unless fresh collateral is required.
        EvidenceAppraiser.Options late = fresh.withClock(Clock.fixed(Instant.parse("2025-09-21T00:00:00Z"), ZoneOffset.UTC));
        AppraisalResult warned = new EvidenceAppraiser(late).appraise(quote, collateral);
        assertThat(warned.genuine()).isTrue();
        assertThat(warned.warnings()).extracting(dev.trustplane.evidence.Reason::code).contains(ReasonCode.COLLATERAL_EXPIRED);
        assertThat(warned.claims()).containsEntry(DcapClaimNames.COLLATERAL_EXPIRED, true);
        AppraisalResult rejected = new EvidenceAppraiser(late.withRequireFreshCollateral(true)).appraise(quote, collateral);
        assertThat(rejected.genuine()).isFalse();
        assertThat(rejected.reasons()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.code()).isEqualTo(ReasonCode.COLLATERAL_UNAVAILABLE);
            assertThat(r.detail()).contains("expired");
        });
        assertThat(rejected.claims()).containsEntry(DcapClaimNames.COLLATERAL_EXPIRED, true);
    }

    @Test
    void td_quote_with_its_cc_event_log_and_ccel_table_replays_its_rtmrs() {
        EvidenceAppraiser.Options options = EvidenceAppraiser.Options.defaults().withClock(GCE_TIME);
        String[] collateral = {"collateral/intel-tdx-tcbinfo-00806f050000-2025.json",
            "collateral/intel-td-qe-identity-2023.json", "collateral/intel-tcb-signing-2025.der"};
        byte[] log = dev.trustplane.evidence.tpm.SharedVectors.read("tdx/ccel-cos113.bin");
        assertThat(EvidenceAppraiser.detect(log)).isEmpty();
        List<EvidenceInput> inputs = new java.util.ArrayList<>(Inputs.vectors("tdx/v4-gce-cos113-gotdx.dat",
                "tdx/ccel-cos113.bin", "tdx/ccel-acpi-table.bin"));
        inputs.addAll(Inputs.vectors(collateral));
        AppraisalResult r = new EvidenceAppraiser(options).appraise(inputs, List.of());
        assertThat(r.genuine()).as(r.reasons().toString()).isTrue();
        assertThat(r.claims()).containsEntry(DcapClaimNames.CCEL_REPLAYED, true).containsKey(DcapClaimNames.CCEL_EVENTS);

        // A cut log names the input, the event and its offset; a table without its log is refused.
        byte[] cut = java.util.Arrays.copyOf(log, 0x41 + 30);
        List<EvidenceInput> withCut = new java.util.ArrayList<>(Inputs.vectors("tdx/v4-gce-cos113-gotdx.dat"));
        withCut.add(new EvidenceInput("ccel.bin", cut));
        AppraisalResult malformed = new EvidenceAppraiser(options).appraise(withCut, Inputs.vectors(collateral));
        assertThat(malformed.genuine()).isFalse();
        assertThat(malformed.reasons().getFirst().detail())
                .isEqualTo("ccel.bin: event 1 digest at offset 0x4f: needs 48 bytes but only 16 remain");
        AppraisalResult tableOnly = Inputs.appraise(options, "tdx/v4-gce-cos113-gotdx.dat", "tdx/ccel-acpi-table.bin");
        assertThat(tableOnly.reasons().getFirst().detail()).contains("without the CC event log");
    }
}
