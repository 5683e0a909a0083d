package dev.trustplane.cli;

/** A {@code HOST:PORT} listen address; IPv6 hosts in brackets ({@code [::1]:8443}). */
record ListenAddress(String host, int port) {
    static ListenAddress parse(String text) throws UsageException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new UsageException("listen address '" + text + "' must be HOST:PORT, e.g. 127.0.0.1:8443");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new UsageException("listen address '" + text + "': put an IPv6 host in brackets, e.g. [::1]:8443");
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new ListenAddress(host, port);
        } catch (NumberFormatException e) {
            throw new UsageException("listen address '" + text + "': port must be a number from 0 to 65535");
        }
    }
}
