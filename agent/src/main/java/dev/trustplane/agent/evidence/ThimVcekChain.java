package dev.trustplane.agent.evidence;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import dev.trustplane.common.PemText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The VCEK chain from Azure's Trusted Hardware Identity Management cache, as the instance metadata service serves
 * it inside an Azure confidential VM: {@code GET http://169.254.169.254/metadata/THIM/amd/certification} with the
 * header {@code Metadata: true} answers {@code {"vcekCert": PEM, "tcbm": hex, "certificateChain": PEM ASK and ARK,
 * "cacheControl": seconds}} (Azure's guest attestation library and Microsoft's trusted-hardware-identity
 * documentation; the field names are as Azure spells them).
 *
 * <p>The answer is not trusted: the verifier validates the chain to its pinned AMD roots and the report's
 * signature with the VCEK. This class only checks that the answer is one certificate and then one or two more,
 * and re-encodes them, so a hostile or broken metadata service yields a typed error, not odd bytes in the
 * evidence. Plain HTTP to a link-local address is how IMDS works; it is never sent through a proxy, and
 * redirects are not followed. The body is bounded ({@value #MAX_BODY} bytes).
 */
public final class ThimVcekChain implements VcekChainSource {
    /** Azure's instance metadata service. */
    public static final URI IMDS = URI.create("http://169.254.169.254");
    static final String PATH = "/metadata/THIM/amd/certification";
    static final int MAX_BODY = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI endpoint;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param base the metadata service, {@link #IMDS} in a VM (tests use a loopback server)
     * @param timeout connect and response timeout
     */
    public ThimVcekChain(URI base, Duration timeout) {
        this.endpoint = base.resolve(PATH);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout).build();
    }

    /** The metadata service of the VM we run in, 5 s timeout. */
    public static ThimVcekChain imds() {
        return new ThimVcekChain(IMDS, Duration.ofSeconds(5));
    }

    @Override
    public String describe() {
        return "THIM " + endpoint;
    }

    @Override
    public String vcekCertChainPem() throws EvidenceCollectionException {
        JsonNode answer;
        try {
            answer = JSON.readTree(fetch());
        } catch (JacksonException e) {
            throw malformed("", "the answer is not JSON");
        }
        if (answer == null || !answer.isObject()) {
            throw malformed("", "the answer is not a JSON object");
        }
        List<X509Certificate> chain = new ArrayList<>(certificates(answer, "vcekCert", 1, 1));
        chain.addAll(certificates(answer, "certificateChain", 1, 2));
        StringBuilder pem = new StringBuilder();
        for (X509Certificate c : chain) {
            try {
                pem.append(PemText.encode("CERTIFICATE", c.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw malformed("", "a certificate cannot be re-encoded");
            }
        }
        return pem.toString();
    }

    private byte[] fetch() throws EvidenceCollectionException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).header("Metadata", "true").timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new EvidenceCollectionException(Failure.NOT_AVAILABLE, describe() + " cannot be reached ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); outside an Azure CVM the server needs the VCEK in its collateral store");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceCollectionException(Failure.DEVICE_ERROR, "interrupted while asking " + describe());
        }
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(MAX_BODY + 1);
            if (response.statusCode() != 200) {
                throw new EvidenceCollectionException(Failure.DEVICE_ERROR, describe() + " answered HTTP "
                        + response.statusCode());
            }
            if (bytes.length > MAX_BODY) {
                throw malformed("", "the answer exceeds " + MAX_BODY + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new EvidenceCollectionException(Failure.DEVICE_ERROR, describe() + ": the answer broke off ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private List<X509Certificate> certificates(JsonNode answer, String field, int min, int max)
            throws EvidenceCollectionException {
        JsonNode node = answer.get(field);
        if (node == null || !node.isString() || node.asString().isBlank()) {
            throw malformed(field, "missing or not a string");
        }
        List<X509Certificate> out = new ArrayList<>();
        try {
            var in = new ByteArrayInputStream(node.asString().getBytes(StandardCharsets.US_ASCII));
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        } catch (CertificateException | RuntimeException e) {
            throw malformed(field, "not PEM X.509 certificates");
        }
        if (out.size() < min || out.size() > max) {
            throw malformed(field, "holds " + out.size() + " certificates, expected "
                    + (min == max ? String.valueOf(min) : min + " to " + max));
        }
        return out;
    }

    private EvidenceCollectionException malformed(String field, String why) {
        return new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, field.isEmpty() ? describe() : field, -1,
                (field.isEmpty() ? "" : describe() + ": ") + why);
    }
}
