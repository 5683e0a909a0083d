package dev.trustplane.server.auth;

import dev.trustplane.server.tls.Pem;
import dev.trustplane.server.tls.TlsException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Client-certificate (mutual TLS) authentication: workloads and operators present a certificate issued by a CA
 * the operator names ({@code serve --client-ca FILE}); the TLS handshake verifies the chain against that bundle
 * only (not the JDK's public CAs), and the certificate's identity becomes a principal that role assignments can
 * name, like a bearer token's id.
 *
 * <p><b>Which name.</b> The first subject alternative name of the leaf, in this order: URI (e.g. a SPIFFE id),
 * DNS name, e-mail address; else the subject's common name. The principal id is {@code x509:<kind>:<value>}
 * ({@code x509:uri:spiffe://corp/ns/prod/sa/app}, {@code x509:dns:app.internal}, {@code x509:email:ops@corp},
 * {@code x509:cn:Alice}): readable in role assignments and in decision records, never confusable with a token id
 * (16 hex digits), and at most {@link #MAX_ID} characters (the width of a role assignment's principal column); a
 * longer name is refused at authentication, saying why.
 *
 * <p><b>What it grants.</b> Nothing by itself: a certificate principal has no role of its own ({@link #NO_ROLE})
 * and may do exactly what its role assignments grant (Managed HSM data actions). Revocation is not checked here:
 * issue short-lived certificates, or remove the principal's role assignments, to cut one off.
 */
public final class ClientCertificates {
    /** Longest principal id: the width of {@code rbac_role_assignments.principal_id}. */
    public static final int MAX_ID = 64;
    /** The role of a certificate principal: none; its permissions come from role assignments. */
    public static final String NO_ROLE = "none";
    /** What a certificate principal id looks like (role assignments accept these without a token lookup). */
    public static final Pattern PRINCIPAL_ID = Pattern.compile("x509:(uri|dns|email|cn):[\\x21-\\x7e][\\x20-\\x7e]{0,54}");

    private static final int SAN_EMAIL = 1;
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    private final X509TrustManager trust;
    private final int anchors;

    private ClientCertificates(X509TrustManager trust, int anchors) {
        this.trust = trust;
        this.anchors = anchors;
    }

    /**
     * Loads the CA bundle (PEM, one or more certificates) that client certificates must chain to.
     *
     * @throws TlsException naming the file when it is unreadable, holds no certificate or holds a non-CA certificate
     */
    public static ClientCertificates load(Path bundle) throws TlsException {
        List<X509Certificate> cas = Pem.readCertificates(bundle);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                if (cas.get(i).getBasicConstraints() < 0) {
                    throw new TlsException("client CA bundle " + bundle + ": certificate " + (i + 1) + " ("
                            + cas.get(i).getSubjectX500Principal().getName() + ") is not a CA certificate");
                }
                store.setCertificateEntry("client-ca-" + i, cas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return new ClientCertificates(x509, cas.size());
                }
            }
            throw new TlsException("client CA bundle " + bundle + ": no X.509 trust manager available");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsException("client CA bundle " + bundle + " is unusable: " + e.getClass().getSimpleName());
        }
    }

    /** The trust manager the TLS handshake verifies client chains with: this bundle's CAs only. */
    public X509TrustManager trustManager() {
        return trust;
    }

    /** How many CA certificates the bundle holds. */
    public int size() {
        return anchors;
    }

    /**
     * The principal of a client whose chain the handshake already verified.
     *
     * @throws AuthenticationException {@code MALFORMED} when the certificate names nobody usable (no name, or one
     *                                 longer than the principal id allows)
     */
    public static Principal principal(X509Certificate leaf) throws AuthenticationException {
        String id = "x509:" + name(leaf);
        if (!PRINCIPAL_ID.matcher(id).matches()) {
            throw new AuthenticationException(AuthenticationException.Reason.MALFORMED);
        }
        return new Principal(id, leaf.getSubjectX500Principal().getName(), NO_ROLE, "/",
                Optional.of(leaf.getNotAfter().toInstant()));
    }

    /** {@code kind:value} of the certificate's identity (see the class comment for the order). */
    static String name(X509Certificate leaf) throws AuthenticationException {
        Collection<List<?>> sans;
        try {
            sans = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new AuthenticationException(AuthenticationException.Reason.MALFORMED);
        }
        for (int kind : new int[] {SAN_URI, SAN_DNS, SAN_EMAIL}) {
            if (sans == null) {
                break;
            }
            for (List<?> san : sans) {
                if (san.size() == 2 && san.get(0) instanceof Integer type && type == kind && san.get(1) instanceof String v) {
                    String label = switch (type) {
                        case SAN_URI -> "uri";
                        case SAN_DNS -> "dns";
                        default -> "email";
                    };
                    return label + ":" + (type == SAN_URI ? v : v.toLowerCase(Locale.ROOT));
                }
            }
        }
        try {
            for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns().reversed()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return "cn:" + rdn.getValue();
                }
            }
        } catch (InvalidNameException e) {
            throw new AuthenticationException(AuthenticationException.Reason.MALFORMED);
        }
        throw new AuthenticationException(AuthenticationException.Reason.MALFORMED);
    }
}
