package dev.trustplane.agent.evidence;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import dev.trustplane.common.PemText;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The certificate table a host returns with an extended SNP report (GHCB specification 56421, "SNP Extended
 * Guest Request"; configfs-tsm {@code auxblob}): 24-byte entries {@code {GUID[16], offset u32 LE, length u32
 * LE}} ended by an all-zero entry, offsets counted from the start of the table, each entry a DER
 * certificate. The GUID bytes are in textual order (as go-sev-guest and the kernel copy them).
 *
 * <p>The table comes from the host, which is outside the trust boundary: every entry must lie inside the
 * blob, every certificate must parse, a GUID may appear once, and the terminator must be present. The
 * certificates are not verified here — the attestation service checks the chain; this only carries them.
 */
public record SnpCertificateTable(Map<UUID, byte[]> entries) {
    public static final UUID VCEK = UUID.fromString("63da758d-e664-4564-adc5-f4b93be8accd");
    public static final UUID VLEK = UUID.fromString("a8074bc2-a25a-483e-aae6-39c045a0b8a1");
    public static final UUID ASK = UUID.fromString("4ab7b379-bbac-4fe4-a02f-05aef327c782");
    public static final UUID ARK = UUID.fromString("c0b406a4-a803-4952-9743-3fb6014cd0ae");
    /** Largest table accepted: the kernel's SEV_FW_BLOB_MAX_SIZE is 16 KiB; leave room for larger hosts. */
    public static final int MAX_SIZE = 64 * 1024;
    private static final int ENTRY = 24;

    public SnpCertificateTable {
        Map<UUID, byte[]> copy = new LinkedHashMap<>();
        entries.forEach((k, v) -> copy.put(k, v.clone()));
        entries = java.util.Collections.unmodifiableMap(copy);
    }

    /** The DER certificate stored under {@code guid}. */
    public Optional<byte[]> get(UUID guid) {
        return Optional.ofNullable(entries.get(guid)).map(byte[]::clone);
    }

    /**
     * The chain as MAA's {@code VcekCertChain} carries it: PEM of the VCEK (or VLEK), then ASK, then ARK; empty
     * when the table has no endorsement key certificate.
     */
    public Optional<String> vcekCertChainPem() {
        byte[] leaf = entries.containsKey(VCEK) ? entries.get(VCEK) : entries.get(VLEK);
        if (leaf == null) {
            return Optional.empty();
        }
        StringBuilder pem = new StringBuilder(pem(leaf));
        for (UUID issuer : List.of(ASK, ARK)) {
            if (entries.containsKey(issuer)) {
                pem.append(pem(entries.get(issuer)));
            }
        }
        return Optional.of(pem.toString());
    }

    /** Parses a table; an empty blob means "no certificates" and gives an empty table. */
    public static SnpCertificateTable parse(byte[] blob) throws EvidenceCollectionException {
        if (blob.length > MAX_SIZE) {
            throw bad(-1, "table of " + blob.length + " bytes exceeds " + MAX_SIZE);
        }
        Map<UUID, byte[]> out = new LinkedHashMap<>();
        if (blob.length == 0) {
            return new SnpCertificateTable(out);
        }
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0;; at += ENTRY) {
            if (at + ENTRY > blob.length) {
                throw bad(at, "entry runs past the end of the " + blob.length + "-byte table (no terminator)");
            }
            UUID guid = new UUID(b.order(ByteOrder.BIG_ENDIAN).getLong(at), b.getLong(at + 8));
            long offset = Integer.toUnsignedLong(b.order(ByteOrder.LITTLE_ENDIAN).getInt(at + 16));
            long length = Integer.toUnsignedLong(b.getInt(at + 20));
            if (guid.getMostSignificantBits() == 0 && guid.getLeastSignificantBits() == 0 && offset == 0 && length == 0) {
                return new SnpCertificateTable(out);
            }
            if (length == 0 || offset + length > blob.length) {
                throw bad(at + 16, "certificate " + guid + " at " + offset + "+" + length + " lies outside the "
                        + blob.length + "-byte table");
            }
            if (offset < at + ENTRY) {
                throw bad(at + 16, "certificate " + guid + " overlaps the entry list");
            }
            if (out.containsKey(guid)) {
                throw bad(at, "GUID " + guid + " appears twice");
            }
            byte[] der = java.util.Arrays.copyOfRange(blob, (int) offset, (int) (offset + length));
            checkCertificate(der, guid, at);
            out.put(guid, der);
        }
    }

    private static void checkCertificate(byte[] der, UUID guid, int at) throws EvidenceCollectionException {
        if (!List.of(VCEK, VLEK, ASK, ARK).contains(guid)) {
            return; // other entries (e.g. extra platform info) are carried, not interpreted
        }
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            if (c == null) {
                throw new CertificateException("empty");
            }
        } catch (CertificateException | ClassCastException e) {
            throw bad(at, "entry " + guid + " is not a DER X.509 certificate");
        }
    }

    private static String pem(byte[] der) {
        return PemText.encode("CERTIFICATE", der);
    }

    private static EvidenceCollectionException bad(long offset, String detail) {
        return new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, "certificate table", offset, detail);
    }

    /** Encodes a table (terminator included) — the layout {@link #parse} reads; used by simulators and tests. */
    public byte[] encode() {
        int headers = (entries.size() + 1) * ENTRY;
        int total = headers + entries.values().stream().mapToInt(v -> v.length).sum();
        ByteBuffer b = ByteBuffer.allocate(total);
        List<byte[]> bodies = new ArrayList<>();
        int next = headers;
        for (Map.Entry<UUID, byte[]> e : entries.entrySet()) {
            b.order(ByteOrder.BIG_ENDIAN).putLong(e.getKey().getMostSignificantBits())
                    .putLong(e.getKey().getLeastSignificantBits());
            b.order(ByteOrder.LITTLE_ENDIAN).putInt(next).putInt(e.getValue().length);
            next += e.getValue().length;
            bodies.add(e.getValue());
        }
        b.put(new byte[ENTRY]);
        bodies.forEach(b::put);
        return b.array();
    }
}
