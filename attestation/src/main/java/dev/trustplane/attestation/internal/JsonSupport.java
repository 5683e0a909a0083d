package dev.trustplane.attestation.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/** JSON reading and writing with bounded nesting and string sizes (Jackson 3). */
public final class JsonSupport {
    private static final JsonMapper WRITER = JsonMapper.builder().build();
    /**
     * Readers by their limits. A mapper is immutable and thread-safe but costly to build, and every policy
     * evaluation asks for one (it showed in profiles of /attest); only a handful of limit pairs ever exist.
     */
    private static final Map<Long, JsonMapper> READERS = new ConcurrentHashMap<>();
    private static final int MAX_READERS = 16;

    private JsonSupport() {
    }

    /**
     * @param maxDepth deepest nesting accepted
     * @param maxChars longest document and string accepted
     * @return a mapper that refuses deeper or longer input
     */
    public static JsonMapper reader(int maxDepth, int maxChars) {
        long key = ((long) maxDepth << 32) | (maxChars & 0xffffffffL);
        JsonMapper cached = READERS.get(key);
        if (cached != null) {
            return cached;
        }
        JsonMapper built = build(maxDepth, maxChars);
        if (READERS.size() < MAX_READERS) { // bounded, should a caller ever vary the limits per call
            READERS.putIfAbsent(key, built);
        }
        return built;
    }

    private static JsonMapper build(int maxDepth, int maxChars) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth).maxStringLength(maxChars).maxDocumentLength(maxChars).build();
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build()).build();
    }

    /** @return compact JSON text of a Map/List/String/Number/Boolean/null tree */
    public static String write(Object data) {
        return WRITER.writeValueAsString(data);
    }
}
