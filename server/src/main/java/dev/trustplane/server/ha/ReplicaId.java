package dev.trustplane.server.ha;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A name for this server process among the replicas on one database: the host name (as containers and
 * orchestrators set {@code HOSTNAME}), the process id and a random suffix, so that a restarted replica is a new
 * lease holder and never mistakes a lease its predecessor held for its own.
 */
public final class ReplicaId {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9.-]{1,100}");

    private ReplicaId() {}

    /** A fresh name such as {@code trustplane-1-4711-9f3a2c1e}. */
    public static String generate() {
        String host = System.getenv("HOSTNAME");
        if (host == null || !SAFE.matcher(host).matches()) {
            host = "replica";
        }
        byte[] suffix = new byte[4];
        new SecureRandom().nextBytes(suffix);
        return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(suffix);
    }
}
