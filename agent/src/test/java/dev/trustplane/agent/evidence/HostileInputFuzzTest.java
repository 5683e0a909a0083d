package dev.trustplane.agent.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustplane.simulator.SnpSimulator;
import dev.trustplane.simulator.SnpSpec;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the host and the TPM hand back is untrusted: any bytes either decode or fail with an
 * {@link EvidenceCollectionException} (or a TPM response code) naming a field — never another exception, never a
 * partial result. The {@code @Test}s mutate valid inputs deterministically in every run; the {@code @FuzzTest}s
 * fuzz for real with {@code JAZZER_FUZZ=1}.
 */
class HostileInputFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void certificate_table(byte[] input) {
        checkTable(input);
    }

    @FuzzTest(maxDuration = "10s")
    void tpm_responses(byte[] input) {
        checkTpm(input);
    }

    @Test
    void mutated_certificate_tables() throws Exception {
        byte[] valid = ConfigfsTsmTest.certTable(SnpSimulator.standard().generate(new SnpSpec()));
        Random random = new Random(1);
        for (int i = 0; i < 3000; i++) {
            checkTable(mutate(valid, random));
        }
    }

    @Test
    void mutated_tpm_responses() throws Exception {
        byte[] nvPublic = java.util.HexFormat.of().parseHex("8001" + "0000001e" + "00000000"
                + "000e" + "01400001" + "000b" + "00060006" + "0000" + "0a28" + "0002" + "0000");
        Tpm2ResponseTest.Scripted seed = new Tpm2ResponseTest.Scripted();
        seed.responses.add(nvPublic);
        assertThat(new Tpm2(seed).nvReadPublic(0x01400001)).isPresent();
        Random random = new Random(2);
        for (int i = 0; i < 3000; i++) {
            checkTpm(mutate(nvPublic, random));
        }
    }

    private static void checkTable(byte[] input) {
        try {
            SnpCertificateTable t = SnpCertificateTable.parse(input);
            t.entries().values().forEach(v -> assertThat(v.length).isPositive().isLessThanOrEqualTo(input.length));
        } catch (EvidenceCollectionException e) {
            assertThat(e.field()).isEqualTo("certificate table");
            assertThat(e.offset()).isBetween(-1L, (long) input.length);
        }
    }

    /** Feeds the bytes as the answer to each command the vTPM path sends. */
    private static void checkTpm(byte[] input) {
        for (int command = 0; command < 4; command++) {
            Tpm2ResponseTest.Scripted t = new Tpm2ResponseTest.Scripted();
            t.responses.add(input);
            t.responses.add(input);
            Tpm2 tpm = new Tpm2(t);
            try {
                switch (command) {
                    case 0 -> tpm.nvReadPublic(0x01400001);
                    case 1 -> tpm.readSha256Bank();
                    case 2 -> tpm.quote(AzureVtpm.AK_HANDLE, new byte[64], Tpm2.ALG_NULL, 0, Tpm2.sha256Selection(0xFFFFFF));
                    default -> tpm.readPublic(AzureVtpm.AK_HANDLE);
                }
            } catch (EvidenceCollectionException e) {
                assertThat(e.getMessage()).isNotBlank();
            } catch (TpmCommandException e) {
                assertThat(e.rc()).isNotZero();
            }
        }
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] b = valid.clone();
        switch (random.nextInt(4)) {
            case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> {
                for (int j = 0; j < 8; j++) {
                    b[random.nextInt(Math.min(b.length, 120))] = (byte) random.nextInt(256);
                }
            }
            default -> b = Arrays.copyOf(b, b.length + random.nextInt(64));
        }
        return b;
    }
}
