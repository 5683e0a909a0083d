package dev.trustplane.evidence.appraisal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.tpm.SharedVectors;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every vector's evidence type is told by content; companions and other technologies are not evidence. */
class DetectionTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "snp/milan-v3-ms.bin, SNP",
        "snp/genoa-v3-ms.bin, SNP",
        "snp/turin-v5-ms.bin, SNP",
        "snp/genoa-v5-oak.bin, SNP",
        "snp/milan-v2-gosev-debug-policy.bin, SNP",
        "snp/milan-v2-trustee.bin, SNP",
        "snp/milan-v3-vlek-trustee.bin, SNP",
        "azure-cvm/snp-milan-hcl-report.bin, AZURE_CVM",
        "azure-cvm/snp-milan-v2-kinvolk-hcl-report.bin, AZURE_CVM",
        "azure-cvm/tdx-hcl-report.bin, AZURE_CVM",
        "azure-cvm/snp-genoa-evidence.json, AZURE_CVM",
        "azure-cvm/snp-milan-nonce-evidence-v2.json, AZURE_CVM",
        "tpm/trustee-tpm-evidence.json, TPM",
        "tpm/gcp-windows-shielded-vm-goattest.json, TPM",
        "azure-cvm/snp-milan-vtpm-quote.bincode, NONE",
        "azure-cvm/snp-milan-vcek-chain.pem, NONE",
        "azure-cvm/tdx-td-quote.dat, TDX",
        "collateral/vcek-milan-gosev.der, NONE",
        "roots/amd-milan-ask-ark.pem, NONE",
        "tdx/v4-spr-gotdx.dat, TDX",
        "tdx/v5-emr-gotdx.dat, TDX",
        "tdx/v4-gce-cos113-gotdx.dat, TDX",
        "sgx/v3-icx-automata.dat, SGX",
        "sgx/v3-icx-debug-occlum-trustee.dat, SGX",
        "collateral/intel-sgx-tcbinfo-00606a000000-2025.json, NONE",
        "collateral/intel-td-qe-identity-2025.json, NONE",
        "collateral/intel-pck-platform-crl-2023.der, NONE",
        "nitro/evervault-beta-debug.cbor, NONE",
    })
    void detects_by_content(String vector, String expected) {
        Optional<EvidenceType> detected = EvidenceAppraiser.detect(SharedVectors.read(vector));
        assertThat(detected.map(Enum::name).orElse("NONE")).isEqualTo(expected);
    }

    @Test
    void cli_type_names_and_options_copies() {
        assertThat(EvidenceType.fromName("Azure-CVM")).contains(EvidenceType.AZURE_CVM);
        assertThat(EvidenceType.fromName("tdx")).contains(EvidenceType.TDX);
        assertThat(EvidenceType.fromName("SGX")).contains(EvidenceType.SGX);
        assertThat(EvidenceType.fromName("nitro")).isEmpty();
        byte[] nonce = {1, 2};
        EvidenceAppraiser.Options o = EvidenceAppraiser.Options.defaults().withNonce(nonce);
        nonce[0] = 9;
        o.nonce().orElseThrow()[1] = 9;
        assertThat(o.nonce().orElseThrow()).containsExactly(1, 2);
        assertThat(o.type()).isEmpty();
        assertThat(o.profile().kind()).isEqualTo(dev.trustplane.evidence.TrustProfile.Kind.PRODUCTION);
    }
}
