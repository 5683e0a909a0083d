package dev.trustplane.agent.evidence;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request bodies of {@code POST /attest/{type}} for collected evidence, as Trustplane (and, for SNP and
 * TDX, Microsoft Azure Attestation) read them; base64url without padding throughout:
 * <ul>
 *   <li>{@code SevSnpVm}: {@code {report: b64url(JSON {SnpReport, VcekCertChain?}), runtimeData?: {data,
 *       dataType: "JSON"}}} — VcekCertChain (PEM VCEK/VLEK, ASK, ARK) only when the host supplied certificates;
 *       otherwise the service fetches the VCEK itself.</li>
 *   <li>{@code TdxVm}: {@code {quote: b64url, runtimeData?: {data, dataType: "JSON"}}}.</li>
 *   <li>{@code AzureCvm} (Trustplane's): {@code {hclReport, tpmQuote: {message, signature (raw), pcrs[24]},
 *       vcekCertChain?, nonce}}; runtime data is inside the HCL report; vcekCertChain (PEM VCEK, ASK, ARK) when
 *       the agent fetched it from THIM.</li>
 * </ul>
 */
public final class AttestRequestBodies {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private AttestRequestBodies() {}

    /** The attestation type path segment for {@code evidence}: SevSnpVm, TdxVm or AzureCvm. */
    public static String type(Evidence evidence) {
        return switch (evidence) {
            case Evidence.Snp s -> "SevSnpVm";
            case Evidence.Tdx t -> "TdxVm";
            case Evidence.AzureCvm a -> "AzureCvm";
        };
    }

    /**
     * The JSON body.
     *
     * @param runtimeData the runtime data whose SHA-256 the report data starts with (SNP, TDX), if any; ignored
     *     for Azure CVM evidence, whose runtime data the HCL report carries
     */
    public static String body(Evidence evidence, Optional<byte[]> runtimeData) {
        Map<String, Object> body = new LinkedHashMap<>();
        switch (evidence) {
            case Evidence.Snp s -> {
                Map<String, Object> inner = new LinkedHashMap<>();
                inner.put("SnpReport", B64URL.encodeToString(s.report()));
                s.certificates().flatMap(SnpCertificateTable::vcekCertChainPem).ifPresent(pem ->
                        inner.put("VcekCertChain", B64URL.encodeToString(pem.getBytes(StandardCharsets.US_ASCII))));
                body.put("report", B64URL.encodeToString(JSON.writeValueAsBytes(inner)));
                runtimeData.ifPresent(rt -> body.put("runtimeData", runtime(rt)));
            }
            case Evidence.Tdx t -> {
                body.put("quote", B64URL.encodeToString(t.quote()));
                runtimeData.ifPresent(rt -> body.put("runtimeData", runtime(rt)));
            }
            case Evidence.AzureCvm a -> {
                body.put("hclReport", B64URL.encodeToString(a.hclReport()));
                Map<String, Object> quote = new LinkedHashMap<>();
                quote.put("message", B64URL.encodeToString(a.quoteMessage()));
                quote.put("signature", B64URL.encodeToString(a.rawSignature()));
                List<String> pcrs = a.pcrs().stream().map(B64URL::encodeToString).toList();
                quote.put("pcrs", pcrs);
                body.put("tpmQuote", quote);
                a.vcekCertChain().ifPresent(pem -> body.put("vcekCertChain",
                        B64URL.encodeToString(pem.getBytes(StandardCharsets.US_ASCII))));
                body.put("nonce", B64URL.encodeToString(a.nonce()));
            }
        }
        return JSON.writeValueAsString(body);
    }

    private static Map<String, Object> runtime(byte[] data) {
        Map<String, Object> rt = new LinkedHashMap<>();
        rt.put("data", B64URL.encodeToString(data));
        rt.put("dataType", "JSON");
        return rt;
    }
}
