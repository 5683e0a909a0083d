package dev.trustplane.governance;

import java.util.Locale;

/** Policy effects, read case-insensitively from {@code then.effect} after parameter substitution. */
public enum Effect {
    DENY, DENYACTION, AUDIT, AUDITIFNOTEXISTS, DEPLOYIFNOTEXISTS, MODIFY, APPEND, MANUAL, DISABLED;

    public static Effect parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Deny and DenyAction block a deployment; every other effect reports. */
    public boolean blocks() {
        return this == DENY || this == DENYACTION;
    }

    /** Azure's spelling. */
    public String display() {
        return switch (this) {
            case DENY -> "Deny";
            case DENYACTION -> "DenyAction";
            case AUDIT -> "Audit";
            case AUDITIFNOTEXISTS -> "AuditIfNotExists";
            case DEPLOYIFNOTEXISTS -> "DeployIfNotExists";
            case MODIFY -> "Modify";
            case APPEND -> "Append";
            case MANUAL -> "Manual";
            case DISABLED -> "Disabled";
        };
    }
}
