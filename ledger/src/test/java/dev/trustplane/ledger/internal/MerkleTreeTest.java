package dev.trustplane.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The RFC 6962 test inputs used by Certificate Transparency implementations, and their roots. */
    private static final List<byte[]> CT_LEAVES = List.of(HEX.parseHex(""), HEX.parseHex("00"), HEX.parseHex("10"),
            HEX.parseHex("2021"), HEX.parseHex("3031"), HEX.parseHex("40414243"), HEX.parseHex("5051525354555657"),
            HEX.parseHex("606162636465666768696a6b6c6d6e6f"));
    private static final List<String> CT_ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void empty_tree_root_is_the_hash_of_nothing() {
        assertThat(HEX.formatHex(new MerkleTree((l, i) -> null).root(0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void roots_match_the_certificate_transparency_vectors() {
        var tree = new MerkleTree(new InMemoryHashes(CT_LEAVES));
        for (int n = 1; n <= 8; n++) {
            assertThat(HEX.formatHex(tree.root(n))).as("root of size %d", n).isEqualTo(CT_ROOTS.get(n - 1));
            assertThat(HEX.formatHex(ReferenceTree.mth(CT_LEAVES.subList(0, n)))).isEqualTo(CT_ROOTS.get(n - 1));
        }
    }

    @Test
    void roots_of_sizes_1_to_600_match_the_reference_definition() {
        List<byte[]> entries = InMemoryHashes.entries(600);
        var tree = new MerkleTree(new InMemoryHashes(entries));
        List<String> failures = new ArrayList<>();
        for (int n = 1; n <= 600; n++) {
            if (!HEX.formatHex(tree.root(n)).equals(HEX.formatHex(ReferenceTree.mth(entries.subList(0, n))))) {
                failures.add("size " + n);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void inclusion_proofs_for_every_leaf_of_every_size_up_to_64() {
        List<byte[]> entries = InMemoryHashes.entries(64);
        var tree = new MerkleTree(new InMemoryHashes(entries));
        List<String> failures = new ArrayList<>();
        for (int n = 1; n <= 64; n++) {
            byte[] root = tree.root(n);
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = tree.inclusionProof(m, n);
                byte[] leaf = Hashes.leaf(entries.get(m));
                if (!hex(proof).equals(hex(ReferenceTree.path(m, entries.subList(0, n))))) {
                    failures.add("path differs from RFC for " + m + " in " + n);
                }
                if (!ProofVerifier.verifyInclusion(m, n, leaf, proof, root)) {
                    failures.add("does not verify: " + m + " in " + n);
                }
                if (n > 1 && ProofVerifier.verifyInclusion((m + 1) % n, n, leaf, proof, root)) {
                    failures.add("verifies at the wrong index: " + m + " in " + n);
                }
                if (n < 64 && ProofVerifier.verifyInclusion(m, n + 1, leaf, proof, tree.root(n + 1))
                        || tamperedStillVerifies(m, n, leaf, proof, root)) {
                    failures.add("accepts a wrong size or tampered proof: " + m + " in " + n);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void consistency_proofs_for_all_pairs_of_sizes_up_to_64() {
        List<byte[]> entries = InMemoryHashes.entries(64);
        var tree = new MerkleTree(new InMemoryHashes(entries));
        List<String> failures = new ArrayList<>();
        for (int n = 1; n <= 64; n++) {
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = tree.consistencyProof(m, n);
                if (m < n && !hex(proof).equals(hex(ReferenceTree.proof(m, entries.subList(0, n))))) {
                    failures.add("proof differs from RFC for " + m + " -> " + n);
                }
                if (!ProofVerifier.verifyConsistency(m, tree.root(m), n, tree.root(n), proof)) {
                    failures.add("does not verify: " + m + " -> " + n);
                }
                if (m < n && m > 1 && ProofVerifier.verifyConsistency(m, tree.root(m - 1), n, tree.root(n), proof)) {
                    failures.add("accepts a wrong old root: " + m + " -> " + n);
                }
                if (m < n && ProofVerifier.verifyConsistency(m, tree.root(m), n, tree.root(n - 1), proof)) {
                    failures.add("accepts a wrong new root: " + m + " -> " + n);
                }
                for (int i = 0; i < proof.size(); i++) {
                    List<byte[]> bad = new ArrayList<>(proof);
                    byte[] h = bad.get(i).clone();
                    h[i % 32] ^= 1;
                    bad.set(i, h);
                    if (ProofVerifier.verifyConsistency(m, tree.root(m), n, tree.root(n), bad)) {
                        failures.add("accepts tampered step " + i + ": " + m + " -> " + n);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(tree.consistencyProof(0, 5)).isEmpty();
        assertThat(ProofVerifier.verifyConsistency(0, new byte[32], 5, tree.root(5), List.of())).isTrue();
    }

    private static boolean tamperedStillVerifies(int m, int n, byte[] leaf, List<byte[]> proof, byte[] root) {
        for (int i = 0; i < proof.size(); i++) {
            List<byte[]> bad = new ArrayList<>(proof);
            byte[] h = bad.get(i).clone();
            h[31] ^= (byte) 0x80;
            bad.set(i, h);
            if (ProofVerifier.verifyInclusion(m, n, leaf, bad, root)) {
                return true;
            }
        }
        return proof.size() > 0 && ProofVerifier.verifyInclusion(m, n, leaf, proof.subList(0, proof.size() - 1), root);
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }
}
