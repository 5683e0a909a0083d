package dev.trustplane.evidence.azure;

import dev.trustplane.evidence.tpm.AttestationKey;
import dev.trustplane.evidence.tpm.TpmFormatException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HCL "runtime claims": UTF-8 JSON in the IGVM variable data. The hardware report binds the
 * <em>exact bytes</em> (SHA-256 into REPORT_DATA), so {@link #bytes()} keeps them untouched and
 * the parsed view is only for reading claims — never re-serialise to check the binding. Instances
 * exist only through {@link #parse}, so the claims always come from those bytes.
 *
 * <p>Shape: {@code {"keys":[JWK kid=HCLAkPub (RSA vTPM AK), JWK kid=HCLEkPub (EK, optional)],
 * "vm-configuration":{...}, "user-data":"<hex>" (optional, 64 bytes = vTPM NV 0x01400002)}}.
 */
public final class RuntimeData {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String F = "runtimeData";

    private final byte[] bytes;
    private final AttestationKey akPub;
    private final Optional<JsonNode> ekPub;
    private final VmConfiguration vmConfiguration;
    private final Optional<byte[]> userData;

    private RuntimeData(byte[] bytes, AttestationKey akPub, Optional<JsonNode> ekPub, VmConfiguration vmConfiguration,
            Optional<byte[]> userData) {
        this.bytes = bytes;
        this.akPub = akPub;
        this.ekPub = ekPub.map(JsonNode::deepCopy);
        this.vmConfiguration = vmConfiguration;
        this.userData = userData;
    }

    /**
     * Parses runtime-data bytes. {@code baseOffset} is where they start in the enclosing HCL
     * report, so that JSON syntax errors report an offset into the report.
     */
    public static RuntimeData parse(byte[] bytes, long baseOffset) throws AzureFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
            throw new AzureFormatException(F, at < 0 ? baseOffset : baseOffset + at, "not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new AzureFormatException(F, baseOffset, "not a JSON object");
        }
        JsonNode keys = root.get("keys");
        if (keys == null || !keys.isArray()) {
            throw new AzureFormatException(F + ".keys", baseOffset, "missing or not an array");
        }
        JsonNode ak = keyByKid(keys, "HCLAkPub")
                .orElseThrow(() -> new AzureFormatException(F + ".keys[HCLAkPub]", baseOffset, "missing"));
        AttestationKey akPub;
        try {
            akPub = AttestationKey.fromJwk(ak);
        } catch (TpmFormatException e) {
            throw new AzureFormatException(F + ".keys[HCLAkPub]." + e.field(), baseOffset, e.getMessage(), e);
        }
        VmConfiguration config = vmConfiguration(root.get("vm-configuration"), baseOffset);
        Optional<byte[]> userData = userData(root.get("user-data"), baseOffset);
        return new RuntimeData(bytes.clone(), akPub, keyByKid(keys, "HCLEkPub"), config, userData);
    }

    private static Optional<JsonNode> keyByKid(JsonNode keys, String kid) {
        for (JsonNode k : keys) {
            JsonNode id = k.get("kid");
            if (id != null && id.isString() && kid.equals(id.stringValue())) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    private static VmConfiguration vmConfiguration(JsonNode c, long at) throws AzureFormatException {
        if (c == null || !c.isObject()) {
            throw new AzureFormatException(F + ".vm-configuration", at, "missing or not an object");
        }
        JsonNode time = c.get("current-time");
        if (time != null && !time.canConvertToLong()) {
            throw new AzureFormatException(F + ".vm-configuration.current-time", at, "not an integer");
        }
        return new VmConfiguration(
                bool(c, "console-enabled", at).orElseThrow(() -> missing("console-enabled", at)),
                bool(c, "secure-boot", at).orElseThrow(() -> missing("secure-boot", at)),
                bool(c, "tpm-enabled", at).orElseThrow(() -> missing("tpm-enabled", at)),
                bool(c, "tpm-persisted", at),
                string(c, "vmUniqueId", at).orElseThrow(() -> missing("vmUniqueId", at)),
                time == null ? OptionalLong.empty() : OptionalLong.of(time.longValue()),
                string(c, "root-cert-thumbprint", at));
    }

    private static Optional<Boolean> bool(JsonNode c, String name, long at) throws AzureFormatException {
        JsonNode v = c.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw new AzureFormatException(F + ".vm-configuration." + name, at, "not a boolean");
        }
        return Optional.of(v.booleanValue());
    }

    private static Optional<String> string(JsonNode c, String name, long at) throws AzureFormatException {
        JsonNode v = c.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isString()) {
            throw new AzureFormatException(F + ".vm-configuration." + name, at, "not a string");
        }
        return Optional.of(v.stringValue());
    }

    private static AzureFormatException missing(String name, long at) {
        return new AzureFormatException(F + ".vm-configuration." + name, at, "missing");
    }

    private static Optional<byte[]> userData(JsonNode v, long at) throws AzureFormatException {
        if (v == null) {
            return Optional.empty();
        }
        try {
            if (!v.isString()) {
                throw new IllegalArgumentException("not a string");
            }
            return Optional.of(HexFormat.of().parseHex(v.stringValue()));
        } catch (IllegalArgumentException e) {
            throw new AzureFormatException(F + ".user-data", at, "not a hex string");
        }
    }

    /** HCLAkPub, the vTPM attestation key, pinned to RSASSA/SHA-256 (RSA) or the curve default (EC). */
    public AttestationKey akPub() {
        return akPub;
    }

    /** HCLEkPub (the vTPM endorsement key) as a JWK, when present. */
    public Optional<JsonNode> ekPub() {
        return ekPub.map(JsonNode::deepCopy);
    }

    public VmConfiguration vmConfiguration() {
        return vmConfiguration;
    }

    /** The exact runtime-data bytes, as hashed into the hardware report. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** user-data (64 bytes written to vTPM NV 0x01400002), when present. */
    public Optional<byte[]> userData() {
        return userData.map(byte[]::clone);
    }

    @Override
    public String toString() {
        return "RuntimeData[" + bytes.length + " B, " + akPub + ", " + vmConfiguration + "]";
    }
}
