package dev.trustplane.agent.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.azure.AzureCvmEvidence;
import dev.trustplane.evidence.azure.AzureCvmVerifier;
import dev.trustplane.evidence.azure.AzureVerification;
import dev.trustplane.evidence.azure.HclReport;
import dev.trustplane.evidence.azure.VtpmQuote;
import dev.trustplane.evidence.snp.SnpCollateral;
import dev.trustplane.evidence.snp.SnpVerifier;
import dev.trustplane.evidence.tpm.AttestationKey;
import dev.trustplane.evidence.tpm.PcrValues;
import dev.trustplane.evidence.tpm.QuoteVerification;
import dev.trustplane.evidence.tpm.QuoteVerifier;
import dev.trustplane.evidence.tpm.TpmHash;
import dev.trustplane.evidence.tpm.TpmPublic;
import dev.trustplane.evidence.tpm.TpmSignature;
import dev.trustplane.evidence.tpm.TpmsAttest;
import dev.trustplane.simulator.SimulatedSnpEvidence;
import dev.trustplane.simulator.SnpSimulator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Azure CVM vTPM path against a real TPM 2.0 (swtpm over TCP): the test provisions what Azure's paravisor
 * provides (AK at 0x81000003, HCL report at NV 0x01400001), the source defines and writes 0x01400002, reads the
 * report, quotes, and the evidence module's verifiers accept the result end to end.
 */
class AzureVtpmSwtpmTest {
    @TempDir
    Path state;

    private EvidenceOptions options(Swtpm tpm) {
        return EvidenceOptions.defaults().withTpmTcp(tpm.address()).withHclRefreshTimeout(Duration.ofMillis(200))
                .withVcekChains(Optional.empty());
    }

    @Test
    void collects_a_quote_that_verifies_with_the_ak_and_binds_the_report_data() throws Exception {
        byte[] data = ConfigfsTsmTest.reportData(0x30);
        try (Swtpm swtpm = Swtpm.start(state)) {
            byte[] akArea;
            SimulatedSnpEvidence snp;
            try (TpmTransport t = swtpm.connect()) {
                AzureCvmProvisioner paravisor = new AzureCvmProvisioner(new Tpm2(t));
                akArea = paravisor.createAk();
                snp = paravisor.writeHclReport(akArea, data);
            }

            // The host's VCEK chain for this chip, as Azure's metadata service (THIM) serves it.
            FakeImds imds = new FakeImds();
            imds.serve(snp.vcek(), snp.ask(), snp.ark());
            EvidenceSource source = EvidenceSources.choose(Tee.AUTO, options(swtpm)
                    .withVcekChains(Optional.of(new ThimVcekChain(imds.base(), Duration.ofSeconds(5)))));
            assertThat(source.tee()).isEqualTo(Tee.AZURE_CVM);
            Evidence.AzureCvm e = (Evidence.AzureCvm) source.collect(data);

            assertThat(e.nonce()).isEqualTo(data);
            assertThat(e.source()).isEqualTo("vTPM tpm tcp " + swtpm.address());
            try (TpmTransport t = swtpm.connect()) {
                Tpm2 tpm = new Tpm2(t);
                assertThat(tpm.nvReadPublic(AzureVtpm.USER_DATA_INDEX).orElseThrow().dataSize()).isEqualTo(64);
                assertThat(tpm.nvRead(Tpm2.RH_OWNER, AzureVtpm.USER_DATA_INDEX, 64)).isEqualTo(data);
            }

            // The TPM quote verifies with the AK, over the returned PCRs, with our report data as extraData.
            AttestationKey ak = AttestationKey.of(TpmPublic.parse(akArea));
            QuoteVerification q = QuoteVerifier.verify(TpmsAttest.parse(e.quoteMessage()), TpmSignature.parse(e.quoteSignature()),
                    ak, PcrValues.ofBank(TpmHash.SHA256, e.pcrs()), data);
            assertThat(q.failures()).isEmpty();
            assertThat(q.verified()).isTrue();

            // End to end as the attestation service sees it: HCL binding, HCLAkPub quote, nonce, SNP report.
            HclReport hcl = HclReport.parse(e.hclReport());
            AzureVerification v = AzureCvmVerifier.verify(AzureCvmEvidence.fromParts(hcl,
                    VtpmQuote.of(e.quoteMessage(), e.rawSignature(), e.pcrs()), Optional.empty()), data);
            assertThat(v.failures()).isEmpty();
            assertThat(v.verified()).isTrue();
            // The SNP report inside verifies with the chain the evidence now carries.
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(e.vcekCertChain().orElseThrow().getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
            assertThat(chain).containsExactly(snp.vcek(), snp.ask(), snp.ark());
            AppraisalResult hw = new SnpVerifier(SnpSimulator.standard().roots().trustProfile(), ConfigfsTsmTest.NOW,
                    SnpVerifier.Options.defaults()).verify(hcl.hardwareReport(),
                    new SnpCollateral(chain.get(0), chain.get(1), Optional.of(chain.get(2)), Optional.empty()));
            assertThat(hw.reasons()).isEmpty();

            // A second collection reuses the now-defined user-data index (and asks THIM again).
            assertThat(((Evidence.AzureCvm) source.collect(data)).nonce()).isEqualTo(data);
            assertThat(imds.metadataHeaders).containsExactly("true", "true");
            imds.close();
        }
    }

    @Test
    void a_report_the_paravisor_never_refreshes_is_an_error_not_stale_evidence() throws Exception {
        try (Swtpm swtpm = Swtpm.start(state)) {
            try (TpmTransport t = swtpm.connect()) {
                AzureCvmProvisioner paravisor = new AzureCvmProvisioner(new Tpm2(t));
                paravisor.writeHclReport(paravisor.createAk(), ConfigfsTsmTest.reportData(1));
            }
            EvidenceSource source = EvidenceSources.choose(Tee.AZURE_CVM, options(swtpm));
            assertThatThrownBy(() -> source.collect(ConfigfsTsmTest.reportData(2)))
                    .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.DEVICE_ERROR);
                        assertThat(e.field()).isEqualTo("HCL report user-data");
                        assertThat(e.getMessage()).contains("did not refresh").contains("200 ms");
                    });
        }
    }

    @Test
    void a_plain_tpm_is_not_an_azure_cvm_and_auto_detection_says_what_it_tried() throws Exception {
        try (Swtpm swtpm = Swtpm.start(state)) {
            EvidenceOptions o = options(swtpm).withConfigfsRoot(state.resolve("no-configfs"))
                    .withSevGuestDevice(state.resolve("no-sev-guest"));
            assertThatThrownBy(() -> EvidenceSources.choose(Tee.AZURE_CVM, o).collect(new byte[64]))
                    .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.NOT_AVAILABLE);
                        assertThat(e.getMessage()).contains("0x01400001").contains("not an Azure confidential VM");
                    });
            assertThatThrownBy(() -> EvidenceSources.choose(Tee.AUTO, o))
                    .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.NOT_AVAILABLE);
                        assertThat(e.getMessage()).contains("no HCL report at NV 0x01400001")
                                .contains("no-configfs").contains("no-sev-guest").contains("--tee sim");
                    });
        }
    }

    @Test
    void an_hcl_report_without_the_attestation_key_names_the_handle() throws Exception {
        try (Swtpm swtpm = Swtpm.start(state)) {
            byte[] data = ConfigfsTsmTest.reportData(5);
            try (TpmTransport t = swtpm.connect()) {
                Tpm2 tpm = new Tpm2(t);
                AzureCvmProvisioner paravisor = new AzureCvmProvisioner(tpm);
                byte[] akArea = paravisor.createAk();
                paravisor.writeHclReport(akArea, data);
                // Remove the persistent AK again (EvictControl on a persistent handle evicts it).
                tpm.execute("EvictControl", 0x120, new int[] {Tpm2.RH_OWNER, AzureVtpm.AK_HANDLE}, 1,
                        new TpmWriter().u32(Integer.toUnsignedLong(AzureVtpm.AK_HANDLE)).toBytes(), 0);
            }
            assertThatThrownBy(() -> EvidenceSources.choose(Tee.AZURE_CVM, options(swtpm)).collect(data))
                    .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.NOT_AVAILABLE);
                        assertThat(e.getMessage()).contains("0x81000003");
                    });
        }
    }
}
