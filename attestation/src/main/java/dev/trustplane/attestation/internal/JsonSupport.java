package dev.trustplane.attestation.internal;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/** JSON reading and writing with bounded nesting and string sizes (Jackson 3). */
public final class JsonSupport {
    private static final JsonMapper WRITER = JsonMapper.builder().build();

    private JsonSupport() {
    }

    /**
     * @param maxDepth deepest nesting accepted
     * @param maxChars longest document and string accepted
     * @return a mapper that refuses deeper or longer input
     */
    public static JsonMapper reader(int maxDepth, int maxChars) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth).maxStringLength(maxChars).maxDocumentLength(maxChars).build();
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build()).build();
    }

    /** @return compact JSON text of a Map/List/String/Number/Boolean/null tree */
    public static String write(Object data) {
        return WRITER.writeValueAsString(data);
    }
}
