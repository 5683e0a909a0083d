-- Hash tiles replace per-node rows (issue 9, throughput): one row per C2SP tlog-tiles hash tile, holding its
-- hashes (32 bytes each) exactly as GET /ledger/tile/<lvl>/<idx> serves them. A level-0 tile is written once,
-- when full; the unfinished one is recomputed from its entries. A tile of a higher level is written when it gets
-- its first hash and rewritten in place as it grows. Every other subtree hash is folded from one tile.
-- V3 moves the hashes of ledger_nodes into tiles and drops it.
CREATE TABLE ledger_tiles (
    lvl    INTEGER NOT NULL,
    idx    BIGINT  NOT NULL,
    hashes ${blob} NOT NULL,
    PRIMARY KEY (lvl, idx)
);
