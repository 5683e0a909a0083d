package dev.trustplane.evidence.azure;

import dev.trustplane.evidence.tpm.SharedVectors;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The Azure CVM vectors and their expected values from vectors/MANIFEST.md. */
final class AzureVectors {

    private AzureVectors() {}

    static final String ZERO_USER_DATA = "00".repeat(64);
    static final String THUMBPRINT = "6nZZnYaJc4KqUZ_yvA-mucFdYNouvlPnITnNMXsHl-0";
    static final String CHALLENGE = "6368616c6c656e6765"; // "challenge"

    /** One vector; {@code quote} is absent for the HCL-only kinvolk report. */
    record Expected(String name, int evidenceVersion, int hclVersion, int reportSize, int bufferSize,
            HardwareReportType type, int variableDataSize, VmConfiguration config, Optional<String> userDataHex,
            boolean hasEk, String runtimeDataSha256, String akSpkiSha256, Optional<String> extraDataHex,
            Optional<String> pcrDigestHex) {

        AzureCvmEvidence load() throws AzureFormatException {
            return switch (name) {
                case "snp-milan" -> fromBins("azure-cvm/snp-milan-hcl-report.bin", "azure-cvm/snp-milan-vtpm-quote.bincode");
                case "tdx" -> fromBins("azure-cvm/tdx-hcl-report.bin", "azure-cvm/tdx-vtpm-quote.bincode");
                default -> TrusteeEvidenceJson.parse(SharedVectors.read("azure-cvm/" + name));
            };
        }

        byte[] hclBytes() throws AzureFormatException {
            return switch (name) {
                case "snp-milan" -> SharedVectors.read("azure-cvm/snp-milan-hcl-report.bin");
                case "tdx" -> SharedVectors.read("azure-cvm/tdx-hcl-report.bin");
                case "snp-milan-v2-kinvolk-hcl-report.bin" -> SharedVectors.read("azure-cvm/" + name);
                default -> throw new IllegalStateException("HCL bytes of JSON vectors come from load()");
            };
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static AzureCvmEvidence fromBins(String hcl, String bincode) throws AzureFormatException {
        return AzureCvmEvidence.fromParts(HclReport.parse(SharedVectors.read(hcl)),
                VtpmQuote.fromBincode(SharedVectors.read(bincode)), Optional.empty());
    }

    static List<Expected> all() {
        return List.of(
                new Expected("snp-milan", 0, 1, 2346, 2600, HardwareReportType.SNP, 1110,
                        new VmConfiguration(true, true, true, Optional.empty(), "911B0EF8-9DBA-48B0-B275-4E4DF2D39252",
                                OptionalLong.empty(), Optional.empty()),
                        Optional.of(ZERO_USER_DATA), true,
                        "b3fbad6514c83caeb0380882145e49f794229ef37c421b91fc47ff93556bafac",
                        "d47d5d33abcef6082883a1b3c54b80bc6be7606c6f822eae23822b42edbc8f5f",
                        Optional.of(CHALLENGE),
                        Optional.of("0daff74c2fca14910b1e9b54a384707434c3365db9f163cc73a39a9f7500833f")),
                new Expected("snp-genoa-evidence.json", 0, 2, 2436, 2600, HardwareReportType.SNP, 1200,
                        new VmConfiguration(true, true, true, Optional.of(true), "390CBCF5-6C67-4D9B-98EF-C3F1699CC8FC",
                                OptionalLong.empty(), Optional.of(THUMBPRINT)),
                        Optional.of(ZERO_USER_DATA), true,
                        "b581f12e29a2d7d64e5e0b738d563879a78b51c644d0fa0cce02b48699f6bf5f",
                        "470adc365b667e2de8e933a77d9badd733ceb15955c77a5298102a88f63ed49a",
                        Optional.of("0218488bae25d2509232bf676f1a66a30d7372add909109b36016ef136f2938ca05475f8b46094de6b64270ea35d950f"),
                        Optional.of("2b30a66d715a7801b86d7912b710838bd3bd8d9aeec7c7135563f938cf8b3399")),
                new Expected("snp-milan-nonce-evidence-v2.json", 2, 1, 2346, 2600, HardwareReportType.SNP, 1110,
                        new VmConfiguration(true, true, true, Optional.empty(), "7DF7B373-B947-4AAA-96E5-C358F2A03D20",
                                OptionalLong.empty(), Optional.empty()),
                        Optional.of("982F5C6E45DF0ED3F10B6F60B02F0C8390E281300F3805E2279C16168CD6AE9AA398F647CAA2338748CD0FD9F5F819EF"
                                + "00000000000000000000000000000000"), true,
                        "cf7cc0731c50f64876804b3943b2bfbd93dba69f5928e3df223e78ff34dd46ee",
                        "21cc573de727d7c6e4dc4dcadb6949c45f49e024e7c66006a020121b6eb09cfe",
                        Optional.of("982f5c6e45df0ed3f10b6f60b02f0c8390e281300f3805e2279c16168cd6ae9aa398f647caa2338748cd0fd9f5f819ef"),
                        Optional.of("2304510eb15046d5c940e957b6ac93bc805e3ffcadb38e0a1b95442e552cb004")),
                new Expected("tdx", 0, 2, 2437, 2600, HardwareReportType.TDX, 1201,
                        new VmConfiguration(true, true, true, Optional.of(false), "6332533D-5649-4D02-8AA7-8F64B7C3EE21",
                                OptionalLong.empty(), Optional.of(THUMBPRINT)),
                        Optional.of(ZERO_USER_DATA), true,
                        "9734504f161d104c74e3165c15f779b06a9bb40dfa71937817d7eee68e593839",
                        "b65400f6602deed0f03a3667cb1866de086387d9ddcb69085c193df086cdc69f",
                        Optional.of(CHALLENGE),
                        Optional.of("6c0e21d918212d57872a752bcf358355d508d1d5b8cb632259b898b15f9f658d")),
                new Expected("snp-milan-v2-kinvolk-hcl-report.bin", 0, 1, 1819, 2048, HardwareReportType.SNP, 583,
                        new VmConfiguration(true, true, true, Optional.empty(), "BAEFD3E1-184B-4C4C-AB88-0BDAD260505F",
                                OptionalLong.of(1678652405L), Optional.empty()),
                        Optional.empty(), false,
                        "1d0a466a9eed975e88f889f7aed4abc1c97e87c4f43e5e3478c9a4a5853cbd7d",
                        "4131f80072f6792c9ad9dc46fb4bdd1dac306111886920c13bc146614f215ff4",
                        Optional.empty(), Optional.empty()));
    }
}
