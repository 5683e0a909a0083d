package dev.trustplane.evidence.dcap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared real TDX/SGX quotes and Intel collateral ({@code ${trustplane.shared}/vectors}), with the
 * expected values of MANIFEST.md; skips when the folder is absent.
 */
final class DcapVectors {
    private DcapVectors() {}

    /**
     * One real quote and what MANIFEST.md says of it, plus the collateral that fits it and a
     * verification time inside the validity of its PCK certificate and the 2025 TCB Signing certificate.
     */
    record Vector(String file, int version, boolean tdx, int size, int signedLength, int trailing, String fmspc,
            int pceSvn, String cpuSvn, int sgxType, String qeMrSigner, int qeProdId, int qeSvn, String field, String value,
            String reportData, boolean debug, List<String> collateral, Instant at) {
        @Override
        public String toString() {
            return file;
        }

        Clock clock() {
            return Clock.fixed(at, ZoneOffset.UTC);
        }
    }

    static final String TD_QE = "dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5";
    static final String SGX_QE = "8c4f5775d796503e96137f77c68a829a0056ac8ded70140b081b094490c57bff";
    static final String SIGNING = "collateral/intel-tcb-signing-2025.der";
    static final String ROOT_CRL = "collateral/intel-root-ca-crl-2023.der";

    static List<Vector> all() {
        return List.of(
                new Vector("tdx/v4-spr-gotdx.dat", 4, true, 4974, 632, 39, "50806f000000", 11,
                        "03030202020100020000000000000000", 1, TD_QE, 2, 4, "mrtd",
                        "6363b8043668a3ad953278e10389574d326c6749fb78aa810ecd9336923db86f22fc00b8dcd404bc10d5e119d7215cbb",
                        "6c62dec1b8191749a31dab490be532a35944dea47caef1f980863993d9899545eb7406a38d1eed313b987a467dacead6f0c87a6d766c66f6f29f8acb281f1113",
                        false, List.of("collateral/intel-tdx-tcbinfo-50806f000000-2023.json",
                                "collateral/intel-td-qe-identity-2023.json", "collateral/intel-pck-platform-crl-2023.der"),
                        Instant.parse("2025-06-01T00:00:00Z")),
                new Vector("tdx/v5-emr-gotdx.dat", 5, true, 5006, 702, 0, "90c06f000000", 13,
                        "04040202040100050000000000000000", 1, TD_QE, 2, 7, "mrtd",
                        "7348651a34b2d2d3462822e3a750ec6110125f36757c78480bbfc69cc0d21fb001a1ced3ee19747dda8f750c3bc8f876",
                        "945eaacf5abc1f719d8666a942fda03d1edcb4490277396093dc5a5289ab9f1e094aed63060cd4a4933a4dd537ed1255c9c79ecb3ed82cd1b486233e31c25c3a",
                        false, List.of("collateral/intel-tdx-tcbinfo-90c06f000000-2026.json",
                                "collateral/intel-td-qe-identity-2025.json"),
                        Instant.parse("2026-02-15T00:00:00Z")),
                new Vector("tdx/v4-gce-cos113-gotdx.dat", 4, true, 8000, 632, 3065, "00806f050000", 11,
                        "07070202030100030000000000000000", 1, TD_QE, 2, 6, "mrtd",
                        "dae67181d3d65e073ad8f95b7907d5e927bfe9761c9ff3e9b89734a45d8954dba41394c7717cb2735396c1d04231f94a",
                        "0".repeat(128), false, List.of("collateral/intel-tdx-tcbinfo-00806f050000-2025.json",
                                "collateral/intel-td-qe-identity-2023.json"),
                        Instant.parse("2025-06-15T00:00:00Z")),
                new Vector("tdx/v4-debug-trustee.dat", 4, true, 4936, 632, 0, "50806f000000", 11,
                        "05050d02030100030000000000000000", 1, TD_QE, 2, 4, "mrtd",
                        "705ee9381b8633a9fbe532b52345e8433343d2868959f57889d84ca377c395b689cac1599ccea1b7d420483a9ce5f031",
                        "7c71fe2c86eff65a7cf8dbc22b3275689fd0464a267baced1bf94fc1324656aeb755da3d44d098c0c87382f3a5f85b45c8a28fee1d3bdb38342bf96671501429",
                        true, List.of("collateral/intel-tdx-tcbinfo-50806f000000-2023.json",
                                "collateral/intel-td-qe-identity-2023.json", "collateral/intel-pck-platform-crl-2023.der"),
                        Instant.parse("2025-06-01T00:00:00Z")),
                new Vector("tdx/v5-emr-trustee.dat", 5, true, 5006, 702, 0, "90c06f000000", 13,
                        "01010202030100030000000000000000", 1, TD_QE, 2, 6, "mrservicetd",
                        "383c87d3bbb047b2d171eaca95312ede99f258088dc788f6ae2ccf8b6dd848fe8d47629e08b3f6cbd4a00dd47a5a033d",
                        "6d6ab13b046cff606ac0074be13981b07b6325dba10b5facc96febf551c0c3be2b75f92fe1f88f4bb996969ad0174b4b7a70261b7b85c844f4b33a4674fd049f",
                        false, List.of("collateral/intel-tdx-tcbinfo-90c06f000000-2026.json",
                                "collateral/intel-td-qe-identity-2025.json"),
                        Instant.parse("2026-02-15T00:00:00Z")),
                new Vector("tdx/v4-gnr-trustee.dat", 4, true, 5006, 632, 70, "00a06d080000", 11,
                        "02020707040100020000000000000000", 2, TD_QE, 2, 7, "mrconfigid",
                        "889abf4718f037e38d74464c11e7c91a6e9890b5546409e1e7df9de7a51ca93152bf847bd2440328e90adb18b150ed67",
                        "26cae1c77185617fb6a03fc29bf1f924596e52352b9b7594940b576ae126cd4a570cc3202a900c5d19a6eb0a95b32cfd00000000000000000000000000000000",
                        false, List.of("collateral/intel-tdx-tcbinfo-00a06d080000-2025.json",
                                "collateral/intel-td-qe-identity-2025.json"),
                        Instant.parse("2025-11-01T00:00:00Z")),
                new Vector("azure-cvm/tdx-td-quote.dat", 4, true, 5006, 632, 70, "00806f050000", 11,
                        "06060202030100030000000000000000", 1, TD_QE, 2, 5, "mrtd",
                        "024a32b070383331181619fa387cb4d55d1e38879f989933055ccad5bc2db795d1737b66205949d15469dc8c1ba7ab7b",
                        "9734504f161d104c74e3165c15f779b06a9bb40dfa71937817d7eee68e5938390000000000000000000000000000000000000000000000000000000000000000",
                        false, List.of("collateral/intel-tdx-tcbinfo-00806f050000-2025.json",
                                "collateral/intel-td-qe-identity-2023.json"),
                        Instant.parse("2025-06-15T00:00:00Z")),
                new Vector("sgx/v3-icx-debug-occlum-trustee.dat", 3, false, 4733, 432, 0, "00606a000000", 11,
                        "04040303ffff00000000000000000000", 1, SGX_QE, 1, 8, "mrenclave",
                        "8f173e4613ff05c52aaf04162d234edae8c9977eae47eb2299ae16a553011c68",
                        "74657374" + "0".repeat(120), true,
                        List.of("collateral/intel-sgx-tcbinfo-00606a000000-2025.json",
                                "collateral/intel-sgx-qe-identity-2025.json", "collateral/intel-pck-platform-crl-2025-08.der"),
                        Instant.parse("2025-08-20T00:00:00Z")),
                new Vector("sgx/v3-icx-automata.dat", 3, false, 4734, 432, 0, "00606a000000", 13,
                        "0e0e0303ffff01000000000000000000", 1, SGX_QE, 1, 10, "mrenclave",
                        "3e7830a35057b9938d0fd849d13e3d82dc4abba812f8ffebbbb3d0e5ff1dd661",
                        "000000000000000000000000533bdab5edb34c958d5ed0b9f950a158a9e65ec7153235568a113e5156253dd1f3fb78db20a37290a42e114a541ffe3d155263ee",
                        false, List.of("collateral/intel-sgx-tcbinfo-00606a000000-2025.json",
                                "collateral/intel-sgx-qe-identity-2025.json", "collateral/intel-pck-platform-crl-2025-08.der"),
                        Instant.parse("2025-08-20T00:00:00Z")));
    }

    static Path dir() {
        String shared = System.getProperty("trustplane.shared");
        Path dir = shared == null ? null : Path.of(shared, "vectors");
        assumeTrue(dir != null && Files.isDirectory(dir.resolve("tdx")),
                "shared vectors not found (system property trustplane.shared=" + shared
                        + "); real TDX/SGX tests skipped, simulated tests still run");
        return dir;
    }

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(dir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The vector's collateral plus the TCB Signing certificate and the Root CA CRL. */
    static DcapCollateral collateral(Vector v) {
        List<byte[]> blobs = new ArrayList<>();
        v.collateral().forEach(f -> blobs.add(bytes(f)));
        blobs.add(bytes(SIGNING));
        blobs.add(bytes(ROOT_CRL));
        return DcapCollateral.of(blobs);
    }
}
