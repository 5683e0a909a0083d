package dev.trustplane.attestation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test resources and a realistic claim set. */
final class Examples {
    private Examples() {
    }

    static String read(String name) {
        try (InputStream in = Examples.class.getResourceAsStream("examples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String MEASUREMENT =
            "b8c6f1b9e0b7c0a7d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3";

    /** Claims as the evidence module produces them for an Azure SEV-SNP CVM (names from claim-sets.md). */
    static Map<String, Object> snpClaims(boolean debuggable, int bootloaderSvn, int snpfwSvn) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("x-ms-attestation-type", "sevsnpvm");
        c.put("x-ms-compliance-status", "azure-compliant-cvm");
        c.put("x-ms-sevsnpvm-is-debuggable", debuggable);
        c.put("x-ms-sevsnpvm-launchmeasurement", MEASUREMENT);
        c.put("x-ms-sevsnpvm-bootloader-svn", bootloaderSvn);
        c.put("x-ms-sevsnpvm-microcode-svn", 115L);
        c.put("x-ms-sevsnpvm-snpfw-svn", snpfwSvn);
        c.put("x-ms-sevsnpvm-tee-svn", 0);
        c.put("x-ms-sevsnpvm-guestsvn", 2);
        c.put("x-ms-sevsnpvm-vmpl", 0);
        c.put("x-ms-sevsnpvm-hostdata", "0000000000000000000000000000000000000000000000000000000000000000");
        c.put("x-ms-runtime", Map.of("keys", java.util.List.of(Map.of("kid", "HCLAkPub", "kty", "RSA")),
                "vm-configuration", Map.of("secure-boot", true, "tpm-enabled", true)));
        return c;
    }
}
