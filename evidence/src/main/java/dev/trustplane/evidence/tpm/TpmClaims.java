package dev.trustplane.evidence.tpm;

import dev.trustplane.evidence.internal.Hex;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Claims of a TPM 2.0 quote, shared by the plain TPM appraisal and the vTPM part of Azure CVM
 * evidence. MAA defines no claim names for the fields of a bare quote, so they live under our own
 * {@code tpm-} prefix (inventing {@code x-ms-} names could collide with future MAA claims).
 *
 * <p>{@code tpm-pcrs} holds only the values the quote covers, and only when the PCR digest
 * recomputed from them matched: {@code {"sha256": {"0": "<hex>", ...}}} — bank names in lower case,
 * indices as strings because they are JSON object keys. Byte fields are lower-case hex.
 */
public final class TpmClaims {
    private static final String P = "tpm-";

    private TpmClaims() {}

    /** Claims of one verified (or failed, for diagnosis) quote. */
    public static Map<String, Object> of(QuoteVerification v, AttestationKey ak, Optional<TpmPublic> akArea) {
        TpmsAttest a = v.attest();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(P + "pcrs", pcrs(v.quotedPcrs()));
        c.put(P + "nonce", Hex.encode(a.extraData()));
        c.put(P + "pcr-digest", Hex.encode(a.pcrDigest()));
        c.put(P + "clock", a.clock());
        c.put(P + "reset-count", a.resetCount());
        c.put(P + "restart-count", a.restartCount());
        c.put(P + "clock-safe", a.safe());
        c.put(P + "firmware-version", Hex.u64(a.firmwareVersion()));
        c.put(P + "qualified-signer", Hex.encode(a.qualifiedSigner()));
        c.put(P + "signature-scheme", ak.scheme() + "/" + ak.hash());
        akArea.ifPresent(area -> c.put(P + "ak-name", Hex.encode(area.name())));
        c.put(P + "ak-spki-sha256", spkiSha256(ak));
        return c;
    }

    /** PCR values per bank: {@code {"sha256": {"0": hex, ...}}}. */
    public static Map<String, Object> pcrs(PcrValues values) {
        Map<String, Object> banks = new LinkedHashMap<>();
        for (TpmHash bank : TpmHash.values()) {
            Map<String, Object> indices = new LinkedHashMap<>();
            for (int i : values.indices(bank)) {
                indices.put(Integer.toString(i), Hex.encode(values.get(bank, i).orElseThrow()));
            }
            if (!indices.isEmpty()) {
                banks.put(bank.name().toLowerCase(Locale.ROOT), indices);
            }
        }
        return banks;
    }

    static String spkiSha256(AttestationKey ak) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(ak.publicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
