/**
 * Trustplane's tamper-evident ledger: an append-only RFC 6962 Merkle log stored in the project's store,
 * with C2SP signed-note checkpoints (Ed25519), witness cosignatures (tlog-cosignature), the tlog-tiles read
 * format, offline-verifiable receipts and the {@link dev.trustplane.ledger.DecisionLog} used by the
 * attestation and KMS modules.
 *
 * <p>Entry points: {@link dev.trustplane.ledger.Ledger} (open, append, read, prove),
 * {@link dev.trustplane.ledger.NoteSigner} / {@link dev.trustplane.ledger.NoteVerifier} (log key and vkey),
 * {@link dev.trustplane.ledger.ReceiptVerifier} (offline checks), {@link dev.trustplane.ledger.DecisionLog}.
 * Everything in {@code dev.trustplane.ledger.internal} is implementation.
 *
 * <p>Wire formats, byte for byte: leaf hash {@code SHA-256(0x00 ‖ leaf)}, node hash
 * {@code SHA-256(0x01 ‖ l ‖ r)}; checkpoint {@code origin\nsize\nbase64(root)\n}; signature line
 * {@code — name base64(keyID(4) ‖ sig)} with keyID {@code SHA-256(name ‖ \n ‖ 0x01 ‖ pub)[:4]}; vkey
 * {@code name+hex(keyID)+base64(0x01 ‖ pub)} — checked against golang.org/x/mod/sumdb/note's own example.
 */
package dev.trustplane.ledger;
