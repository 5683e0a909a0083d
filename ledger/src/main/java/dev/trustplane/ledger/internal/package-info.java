/**
 * Ledger implementation: RFC 6962 hashing ({@code Hashes}), tree heads and proofs over stored subtree
 * hashes ({@code MerkleTree}), RFC 9162 proof verification ({@code ProofVerifier}), tlog-tiles arithmetic
 * ({@code Tiles}), the leaf encoding ({@code EntryCodec}), the SQL ({@code LedgerTables}), batched durable
 * appends ({@code Integrator}, whose comment gives the crash-consistency argument), Ed25519 key handling and
 * RFC 8785 canonical JSON. Not API: may change without notice.
 */
package dev.trustplane.ledger.internal;
