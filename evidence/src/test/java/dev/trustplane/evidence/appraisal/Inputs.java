package dev.trustplane.evidence.appraisal;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.tpm.SharedVectors;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Test helpers: vectors as named inputs, an appraiser "as of" a time inside every certificate's validity. */
final class Inputs {
    /** Inside the validity of every VCEK/ASK/ARK used by the Azure and SNP vectors. */
    static final Clock AS_OF = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    static final HexFormat HEX = HexFormat.of();

    private Inputs() {}

    static EvidenceInput vector(String relative) {
        return new EvidenceInput(relative, SharedVectors.read(relative));
    }

    static List<EvidenceInput> vectors(String... relative) {
        List<EvidenceInput> out = new ArrayList<>();
        for (String r : relative) {
            out.add(vector(r));
        }
        return out;
    }

    static EvidenceAppraiser.Options options() {
        return EvidenceAppraiser.Options.defaults().withClock(AS_OF);
    }

    static AppraisalResult appraise(EvidenceAppraiser.Options options, String... relative) {
        return new EvidenceAppraiser(options).appraise(vectors(relative), List.of());
    }

    /** A nested claim, e.g. {@code claim(r, "x-ms-isolation-tee", "x-ms-sevsnpvm-vmpl")}. */
    static Object claim(AppraisalResult r, String... path) {
        Object v = r.claims();
        for (String p : path) {
            if (!(v instanceof Map<?, ?> m) || !m.containsKey(p)) {
                throw new AssertionError("no claim " + String.join(".", path) + " in " + r.claims().keySet());
            }
            v = m.get(p);
        }
        return v;
    }
}
