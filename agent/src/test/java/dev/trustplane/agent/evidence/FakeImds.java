package dev.trustplane.agent.evidence;

import com.sun.net.httpserver.HttpServer;
import dev.trustplane.common.PemText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback stand-in for Azure's instance metadata service that answers
 * {@code GET /metadata/THIM/amd/certification} with what the test sets, and records the requests' Metadata header.
 */
final class FakeImds implements AutoCloseable {
    private final HttpServer server;
    volatile int status = 200;
    volatile byte[] body = new byte[0];
    final List<String> metadataHeaders = new CopyOnWriteArrayList<>();
    final List<String> paths = new CopyOnWriteArrayList<>();

    FakeImds() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            metadataHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("Metadata")));
            byte[] answer = body;
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers as THIM does: the VCEK in vcekCert, ASK then ARK in certificateChain. */
    void serve(X509Certificate vcek, X509Certificate ask, X509Certificate ark) throws CertificateEncodingException {
        serveJson("{\"vcekCert\":" + quoted(pem(vcek)) + ",\"tcbm\":\"DB18000000000004\",\"certificateChain\":"
                + quoted(pem(ask) + pem(ark)) + ",\"cacheControl\":\"86400\"}");
    }

    void serveJson(String json) {
        status = 200;
        body = json.getBytes(StandardCharsets.UTF_8);
    }

    private static String pem(X509Certificate c) throws CertificateEncodingException {
        return PemText.encode("CERTIFICATE", c.getEncoded());
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
