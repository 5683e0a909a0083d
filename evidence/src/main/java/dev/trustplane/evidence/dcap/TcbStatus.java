package dev.trustplane.evidence.dcap;

import java.util.Optional;

/** A TCB status as Intel's TCB Info and QE Identity name it. */
public enum TcbStatus {
    UP_TO_DATE("UpToDate"),
    SW_HARDENING_NEEDED("SWHardeningNeeded"),
    CONFIGURATION_NEEDED("ConfigurationNeeded"),
    CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),
    OUT_OF_DATE("OutOfDate"),
    OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),
    REVOKED("Revoked");

    private final String intelName;

    TcbStatus(String intelName) {
        this.intelName = intelName;
    }

    /** The name in Intel's JSON and in claims, e.g. {@code UpToDate}. */
    public String intelName() {
        return intelName;
    }

    public static Optional<TcbStatus> fromIntelName(String name) {
        for (TcbStatus s : values()) {
            if (s.intelName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether this status says the platform is behind on TCB recovery. */
    public boolean outOfDate() {
        return this == OUT_OF_DATE || this == OUT_OF_DATE_CONFIGURATION_NEEDED;
    }

    /** Whether this status says the platform configuration needs changing. */
    public boolean configurationNeeded() {
        return this == CONFIGURATION_NEEDED || this == CONFIGURATION_AND_SW_HARDENING_NEEDED
                || this == OUT_OF_DATE_CONFIGURATION_NEEDED;
    }

    /** Whether this status says software mitigations are needed. */
    public boolean swHardeningNeeded() {
        return this == SW_HARDENING_NEEDED || this == CONFIGURATION_AND_SW_HARDENING_NEEDED;
    }

    /**
     * This status combined with an out-of-date component (the TDX module or the QE), as Intel's QVL
     * converges them: an up-to-date or SW-hardening platform becomes OutOfDate, a configuration-needed
     * one OutOfDateConfigurationNeeded; other statuses stay.
     */
    public TcbStatus withOutOfDateComponent() {
        return switch (this) {
            case UP_TO_DATE, SW_HARDENING_NEEDED -> OUT_OF_DATE;
            case CONFIGURATION_NEEDED, CONFIGURATION_AND_SW_HARDENING_NEEDED -> OUT_OF_DATE_CONFIGURATION_NEEDED;
            default -> this;
        };
    }
}
