package dev.trustplane.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listen address check: Trustplane listens on loopback by default ({@code 127.0.0.1:8443}); an operator who
 * binds it to every interface or to a public address is told so at start, since a trust plane belongs behind a
 * private endpoint or an internal load balancer (docs/high-availability.md).
 */
final class ListenAddresses {
    private static final Logger LOG = LoggerFactory.getLogger(ListenAddresses.class);

    private ListenAddresses() {}

    /** Logs a warning when {@code host} is a wildcard or a public address; private and loopback ones pass quietly. */
    static void warnIfPublic(String host) {
        classify(host).ifPresent(reason -> LOG.warn("LISTENING ON {} ({}): keep Trustplane on a private network, "
                + "behind a private endpoint or an internal load balancer, and firewall the port", host, reason));
    }

    /** Why {@code host} is not private, if it is not. Names that do not resolve are left to the bind to report. */
    static java.util.Optional<String> classify(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
        if (address.isAnyLocalAddress()) {
            return java.util.Optional.of("every interface");
        }
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || isUniqueLocal(address) || isSharedAddressSpace(address)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("a public address");
    }

    /** IPv6 unique local addresses, fc00::/7 (RFC 4193), which Java does not count as site-local. */
    private static boolean isUniqueLocal(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    }

    /** 100.64.0.0/10 (RFC 6598), used by carrier-grade NAT and several clouds' private networks. */
    private static boolean isSharedAddressSpace(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }
}
