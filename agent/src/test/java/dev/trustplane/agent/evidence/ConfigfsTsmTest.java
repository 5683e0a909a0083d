package dev.trustplane.agent.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.snp.SnpCollateral;
import dev.trustplane.evidence.snp.SnpVerifier;
import dev.trustplane.simulator.SimulatedSnpEvidence;
import dev.trustplane.simulator.SnpSimulator;
import dev.trustplane.simulator.SnpSpec;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** configfs-tsm against a fake sysfs tree: SNP with certificates, TDX, generation races, EBUSY, bad output. */
class ConfigfsTsmTest {
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    private static final SnpSimulator SNP = SnpSimulator.standard();
    private static final SimulatedSnpEvidence TEMPLATE = SNP.generate(new SnpSpec());

    @TempDir
    Path root;
    private final List<Duration> sleeps = new ArrayList<>();

    static byte[] reportData(int seed) {
        byte[] b = new byte[64];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }

    static byte[] certTable(SimulatedSnpEvidence e) throws Exception {
        Map<UUID, byte[]> m = new LinkedHashMap<>();
        m.put(SnpCertificateTable.VCEK, e.vcek().getEncoded());
        m.put(SnpCertificateTable.ASK, e.ask().getEncoded());
        m.put(SnpCertificateTable.ARK, e.ark().getEncoded());
        return new SnpCertificateTable(m).encode();
    }

    private FakeConfigfs snpKernel() throws Exception {
        return new FakeConfigfs("sev_guest", in -> SNP.generate(new SnpSpec().reportData(in)).report(), certTable(TEMPLATE));
    }

    private ConfigfsTsm source(FakeConfigfs kernel, Optional<Tee> expected) {
        return new ConfigfsTsm(root, kernel, expected, OptionalInt.empty(), 3, Duration.ofSeconds(10), sleeps::add);
    }

    /** A minimal v4 TDX quote: header, TD 1.0 body with REPORTDATA at 48 + 520, then a dummy signature section. */
    static byte[] tdxQuote(byte[] reportData, int version) {
        int body = version == 5 ? 54 : 48;
        ByteBuffer b = ByteBuffer.allocate(body + 584 + 4 + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) version).putShort(2, (short) 2).putInt(4, 0x81);
        if (version == 5) {
            b.putShort(48, (short) 2).putInt(50, 584);
        }
        b.put(body + 520, reportData);
        return b.array();
    }

    @Test
    void snp_report_and_certificates_verify_and_the_entry_is_removed() throws Exception {
        FakeConfigfs kernel = snpKernel();
        byte[] data = reportData(7);

        Evidence.Snp e = (Evidence.Snp) source(kernel, Optional.of(Tee.SNP)).collect(data);

        assertThat(e.source()).isEqualTo("configfs-tsm (sev_guest)");
        assertThat(Arrays.copyOfRange(e.report(), 0x50, 0x90)).isEqualTo(data);
        SnpCertificateTable table = e.certificates().orElseThrow();
        assertThat(table.get(SnpCertificateTable.VCEK)).contains(TEMPLATE.vcek().getEncoded());
        List<X509Certificate> chain = pemChain(table.vcekCertChainPem().orElseThrow());
        assertThat(chain).containsExactly(TEMPLATE.vcek(), TEMPLATE.ask(), TEMPLATE.ark());
        AppraisalResult verdict = new SnpVerifier(SNP.roots().trustProfile(), NOW, SnpVerifier.Options.defaults())
                .verify(e.report(), new SnpCollateral(chain.get(0), chain.get(1), Optional.of(chain.get(2)),
                        Optional.of(TEMPLATE.crl())), data);
        assertThat(verdict.reasons()).isEmpty();
        assertThat(verdict.genuine()).isTrue();
        assertThat(kernel.entriesCreated).isEqualTo(1);
        assertThat(kernel.entriesRemoved).isEqualTo(1);
        try (var left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void snp_without_host_certificates_has_no_table() throws Exception {
        FakeConfigfs kernel = new FakeConfigfs("sev_guest", in -> SNP.generate(new SnpSpec().reportData(in)).report(), new byte[0]);
        Evidence.Snp e = (Evidence.Snp) source(kernel, Optional.empty()).collect(reportData(1));
        assertThat(e.certificates()).isEmpty();
    }

    @Test
    void tdx_quotes_v4_and_v5_are_returned_as_produced() throws Exception {
        for (int version : new int[] {4, 5}) {
            FakeConfigfs kernel = new FakeConfigfs("tdx_guest", in -> tdxQuote(in, version), null);
            ConfigfsTsm tsm = source(kernel, Optional.of(Tee.TDX));
            assertThat(tsm.probe()).isEqualTo(Tee.TDX);
            byte[] data = reportData(version);
            Evidence.Tdx e = (Evidence.Tdx) tsm.collect(data);
            assertThat(e.quote()).isEqualTo(tdxQuote(data, version));
            assertThat(e.source()).isEqualTo("configfs-tsm (tdx_guest)");
        }
    }

    @Test
    void a_requested_vmpl_is_written_to_privlevel_and_counted_in_the_generation() throws Exception {
        FakeConfigfs kernel = snpKernel();
        ConfigfsTsm tsm = new ConfigfsTsm(root, kernel, Optional.of(Tee.SNP), OptionalInt.of(2), 3, Duration.ZERO, d -> {});
        assertThat(tsm.collect(reportData(4))).isInstanceOf(Evidence.Snp.class);
        assertThat(kernel.privlevelsWritten).containsExactly("2");

        kernel.racesToInject = 3;
        assertThatThrownBy(() -> tsm.collect(reportData(4)))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> assertThat(e.failure()).isEqualTo(Failure.RACE));

        FakeConfigfs tdx = new FakeConfigfs("tdx_guest", in -> tdxQuote(in, 4), null);
        assertThatThrownBy(() -> new ConfigfsTsm(root, tdx, Optional.empty(), OptionalInt.of(0), 3, Duration.ZERO, d -> {})
                .collect(reportData(4)))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.INVALID_REQUEST);
                    assertThat(e.field()).isEqualTo("privlevel");
                });
    }

    @Test
    void a_generation_race_is_retried_in_a_fresh_entry() throws Exception {
        FakeConfigfs kernel = snpKernel();
        kernel.racesToInject = 2;
        byte[] data = reportData(3);
        Evidence.Snp e = (Evidence.Snp) source(kernel, Optional.of(Tee.SNP)).collect(data);
        assertThat(Arrays.copyOfRange(e.report(), 0x50, 0x90)).isEqualTo(data);
        assertThat(kernel.entriesCreated).isEqualTo(3);
        assertThat(kernel.entriesRemoved).isEqualTo(3);
    }

    @Test
    void persistent_races_fail_after_the_bounded_attempts() throws Exception {
        FakeConfigfs kernel = snpKernel();
        kernel.racesToInject = 3;
        assertThatThrownBy(() -> source(kernel, Optional.of(Tee.SNP)).collect(reportData(3)))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.RACE);
                    assertThat(e.field()).isEqualTo("generation");
                    assertThat(e.getMessage()).contains("3 attempts").contains("generation changed by another writer");
                });
        assertThat(kernel.entriesRemoved).isEqualTo(3);
    }

    @Test
    void ebusy_waits_and_retries() throws Exception {
        FakeConfigfs kernel = new FakeConfigfs("tdx_guest", in -> tdxQuote(in, 4), null);
        kernel.busyReads = 2;
        assertThat(source(kernel, Optional.of(Tee.TDX)).collect(reportData(9))).isInstanceOf(Evidence.Tdx.class);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));

        kernel.busyReads = 3;
        assertThatThrownBy(() -> source(kernel, Optional.of(Tee.TDX)).collect(reportData(9)))
                .isInstanceOfSatisfying(EvidenceCollectionException.class,
                        e -> assertThat(e.getMessage()).contains("provider busy"));
    }

    @Test
    void the_wrong_provider_is_named() throws Exception {
        FakeConfigfs kernel = new FakeConfigfs("tdx_guest", in -> tdxQuote(in, 4), null);
        assertThatThrownBy(() -> source(kernel, Optional.of(Tee.SNP)).collect(reportData(1)))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.NOT_AVAILABLE);
                    assertThat(e.getMessage()).contains("'tdx_guest'").contains("not snp");
                });
        FakeConfigfs arm = new FakeConfigfs("arm_cca_guest", in -> in, null);
        assertThatThrownBy(() -> source(arm, Optional.empty()).collect(reportData(1)))
                .hasMessageContaining("unsupported configfs-tsm provider 'arm_cca_guest'");
    }

    @Test
    void output_that_is_not_a_complete_report_over_our_data_is_rejected() throws Exception {
        FakeConfigfs truncated = new FakeConfigfs("sev_guest", in -> new byte[1000], new byte[0]);
        assertThatThrownBy(() -> source(truncated, Optional.empty()).collect(reportData(1)))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.MALFORMED_OUTPUT);
                    assertThat(e.getMessage()).contains("outblob").contains("1000 bytes");
                });
        FakeConfigfs stale = new FakeConfigfs("sev_guest", in -> TEMPLATE.report(), new byte[0]);
        assertThatThrownBy(() -> source(stale, Optional.empty()).collect(reportData(1)))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.field()).isEqualTo("outblob.REPORT_DATA");
                    assertThat(e.offset()).isEqualTo(0x50);
                });
        FakeConfigfs huge = new FakeConfigfs("tdx_guest", in -> new byte[ConfigfsTsm.MAX_OUTBLOB + 1], null);
        assertThatThrownBy(() -> source(huge, Optional.empty()).collect(reportData(1)))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.DEVICE_ERROR);
                    assertThat(e.getMessage()).contains("outblob").contains("more than 65536 bytes");
                });
        FakeConfigfs badQuote = new FakeConfigfs("tdx_guest", in -> tdxQuote(in, 3), null);
        assertThatThrownBy(() -> source(badQuote, Optional.empty()).collect(reportData(1)))
                .hasMessageContaining("TDX quote version 3 is not 4 or 5");
    }

    @Test
    void missing_root_and_bad_report_data_are_clear() {
        ConfigfsTsm absent = new ConfigfsTsm(root.resolve("nope"), ConfigfsIo.NATIVE, Optional.empty(), OptionalInt.empty(), 3,
                Duration.ZERO, d -> {});
        assertThatThrownBy(() -> absent.collect(reportData(1)))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.NOT_AVAILABLE);
                    assertThat(e.getMessage()).contains("no configfs-tsm report directory").contains("nope");
                });
        assertThatThrownBy(() -> absent.collect(new byte[32]))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("exactly 64 bytes, got 32");
                });
    }

    @Test
    void a_corrupt_generation_counter_is_malformed_output() throws Exception {
        FakeConfigfs kernel = new FakeConfigfs("sev_guest", in -> TEMPLATE.report(), new byte[0]) {
            @Override
            public void createDirectory(Path dir) throws java.io.IOException {
                super.createDirectory(dir);
                Files.writeString(dir.resolve("generation"), "lots\n");
            }
        };
        assertThatThrownBy(() -> source(kernel, Optional.empty()).collect(reportData(1)))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.MALFORMED_OUTPUT);
                    assertThat(e.field()).isEqualTo("generation");
                });
    }

    static List<X509Certificate> pemChain(String pem) throws Exception {
        List<X509Certificate> out = new ArrayList<>();
        for (var c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }
}
