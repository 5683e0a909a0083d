package dev.trustplane.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes signed Intel collateral JSON as PCS serves it: {@code {"<member>":<body>,"signature":"<hex>"}}
 * where the signature (raw r‖s, P-256/SHA-256, TCB Signing key) covers exactly the body bytes written.
 */
public final class IntelCollateralJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private IntelCollateralJson() {}

    /** The signed document with {@code body} (ordered maps and lists) under {@code member}. */
    public static byte[] signed(String member, Map<String, Object> body, PrivateKey signer, SecureRandom random) {
        byte[] bytes = JSON.writeValueAsBytes(body);
        String signature = HexFormat.of().formatHex(IntelCertificates.signRaw(signer, bytes, random));
        return ("{\"" + member + "\":" + new String(bytes, StandardCharsets.UTF_8) + ",\"signature\":\"" + signature + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
