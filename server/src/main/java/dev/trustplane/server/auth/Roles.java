package dev.trustplane.server.auth;

import dev.trustplane.server.ledger.LedgerRoutes;
import java.util.List;

/**
 * The role catalogue of this Trustplane build: the one place that lists every role and what it may do,
 * used by the server and by the offline {@code trustplane token} commands alike.
 */
public final class Roles {
    private Roles() {}

    /** Reads ledger entries, receipts and proofs (the tiles and checkpoint are public anyway). */
    public static final String LEDGER_READER = "Ledger Reader";
    /** Appends ledger entries (ACL-style writes) and submits witness cosignatures; reads too. */
    public static final String LEDGER_WRITER = "Ledger Writer";

    public static RoleAuthorizer catalogue() {
        return RoleAuthorizer.builder()
                .role(LEDGER_READER, List.of(LedgerRoutes.READ))
                .role(LEDGER_WRITER, List.of(LedgerRoutes.READ, LedgerRoutes.WRITE))
                .build();
    }
}
