package dev.trustplane.simulator;

import dev.trustplane.evidence.snp.SnpProduct;
import java.math.BigInteger;
import java.time.Instant;

/**
 * Serial numbers and validity periods of AMD's real ARK and ASK certificates, reused for the
 * simulated ones so that they look the same to anything that inspects them.
 */
record AmdRootFacts(BigInteger arkSerial, Instant arkNotBefore, Instant arkNotAfter, BigInteger askSerial,
        Instant askNotBefore, Instant askNotAfter) {

    static AmdRootFacts of(SnpProduct product) {
        return switch (product) {
            case MILAN -> new AmdRootFacts(BigInteger.valueOf(0x010000), at("2020-10-22T17:23:05Z"),
                    at("2045-10-22T17:23:05Z"), BigInteger.valueOf(0x010001), at("2020-10-22T18:24:20Z"),
                    at("2045-10-22T18:24:20Z"));
            case GENOA -> new AmdRootFacts(BigInteger.valueOf(0x020000), at("2022-01-26T15:34:37Z"),
                    at("2047-01-26T15:34:37Z"), BigInteger.valueOf(0x020002), at("2022-10-31T13:33:48Z"),
                    at("2047-10-31T13:33:48Z"));
            case TURIN -> new AmdRootFacts(BigInteger.valueOf(0x030000), at("2023-05-15T20:03:12Z"),
                    at("2048-05-15T20:03:12Z"), BigInteger.valueOf(0x030001), at("2023-05-15T20:25:21Z"),
                    at("2048-05-15T20:25:21Z"));
        };
    }

    private static Instant at(String s) {
        return Instant.parse(s);
    }
}
