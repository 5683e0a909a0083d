package dev.trustplane.evidence.tpm;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies a TPM 2.0 quote: signature over the exact TPMS_ATTEST bytes with a pinned attestation
 * key, pcrDigest recomputed from supplied PCR values, and extraData against an expected nonce.
 *
 * <p><b>Algorithm pinning.</b> The scheme and hash come from the {@link AttestationKey}. A
 * TPMT_SIGNATURE that names anything else fails {@link QuoteFailure#SIGNATURE_ALGORITHM_NOT_PINNED}
 * and is not verified at all; a raw signature is verified with the pinned algorithm only.
 *
 * <p><b>pcrDigest.</b> The TPM hashes, with the signing scheme's hash, the concatenation of the
 * selected PCR values: selections in the order they appear in TPML_PCR_SELECTION, within each the
 * indices in ascending order. So a SHA-384 bank signed with an ECDSA/SHA-256 key yields a SHA-256
 * digest over 48-byte values.
 *
 * <p><b>RSA-PSS salt.</b> TPMs sign PSS with a salt as long as the digest (current library spec) or,
 * in older implementations, the maximum the key allows; both are tried, nothing else.
 *
 * <p>All checks run even after a failure, so a caller sees every problem at once. Comparisons of
 * digests and nonces are constant-time. Never throws for bad evidence.
 */
public final class QuoteVerifier {

    private QuoteVerifier() {}

    /**
     * Runs every check; never throws for bad evidence (only for null arguments other than the nonce).
     *
     * @param pcrs the claimed PCR values ({@link PcrValues#empty()} if none; the PCR check then fails)
     * @param expectedNonce the value extraData must equal, or {@code null} to skip the nonce check
     */
    public static QuoteVerification verify(TpmsAttest attest, TpmSignature signature, AttestationKey ak,
            PcrValues pcrs, byte[] expectedNonce) {
        Objects.requireNonNull(attest, "attest");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(ak, "ak");
        Objects.requireNonNull(pcrs, "pcrs");
        List<CheckOutcome<QuoteCheck, QuoteFailure>> out = new ArrayList<>();
        boolean pinned = checkAlgorithm(signature, ak, out);
        if (pinned) {
            boolean ok = signatureVerifies(attest.raw(), signature.bytes(), ak);
            out.add(ok ? CheckOutcome.passed(QuoteCheck.SIGNATURE, ak.scheme() + "/" + ak.hash() + " signature verifies")
                    : CheckOutcome.failed(QuoteCheck.SIGNATURE, QuoteFailure.SIGNATURE_INVALID,
                            "signature does not verify with the attestation key"));
        } else {
            out.add(CheckOutcome.failed(QuoteCheck.SIGNATURE, QuoteFailure.SIGNATURE_INVALID,
                    "not verified: algorithm is not the pinned one"));
        }
        CheckOutcome<QuoteCheck, QuoteFailure> pcrDigest = checkPcrDigest(attest, ak.hash(), pcrs);
        out.add(pcrDigest);
        out.add(checkNonce(attest, expectedNonce));
        PcrValues quoted = pcrDigest.passed() ? quotedOnly(attest, pcrs) : PcrValues.empty();
        return new QuoteVerification(attest, out, quoted);
    }

    private static boolean checkAlgorithm(TpmSignature sig, AttestationKey ak,
            List<CheckOutcome<QuoteCheck, QuoteFailure>> out) {
        if (sig.isRaw()) {
            out.add(CheckOutcome.passed(QuoteCheck.SIGNATURE_ALGORITHM, "raw signature, pinned " + ak.scheme() + "/" + ak.hash()));
            return true;
        }
        if (sig.scheme().get() != ak.scheme() || sig.hash().get() != ak.hash()) {
            out.add(CheckOutcome.failed(QuoteCheck.SIGNATURE_ALGORITHM, QuoteFailure.SIGNATURE_ALGORITHM_NOT_PINNED,
                    "signature is " + sig.scheme().get() + "/" + sig.hash().get() + ", AK pins " + ak.scheme() + "/" + ak.hash()));
            return false;
        }
        out.add(CheckOutcome.passed(QuoteCheck.SIGNATURE_ALGORITHM, ak.scheme() + "/" + ak.hash()));
        return true;
    }

    static boolean signatureVerifies(byte[] message, byte[] sig, AttestationKey ak) {
        try {
            return switch (ak.scheme()) {
                case RSASSA -> run(Signature.getInstance(ak.hash().signatureName() + "withRSA"), ak, message, sig);
                case RSAPSS -> rsaPss(message, sig, ak);
                case ECDSA -> ecdsa(message, sig, ak);
            };
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean rsaPss(byte[] message, byte[] sig, AttestationKey ak) throws GeneralSecurityException {
        int hLen = ak.hash().digestLength();
        int emLen = (((RSAPublicKey) ak.publicKey()).getModulus().bitLength() - 1 + 7) / 8;
        for (int salt : new int[] {hLen, emLen - hLen - 2}) {
            Signature s = Signature.getInstance("RSASSA-PSS");
            String h = ak.hash().jcaName();
            s.setParameter(new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(h), salt, 1));
            if (run(s, ak, message, sig)) {
                return true;
            }
        }
        return false;
    }

    private static boolean ecdsa(byte[] message, byte[] sig, AttestationKey ak) throws GeneralSecurityException {
        int n = EcCurves.of((ECPublicKey) ak.publicKey()).orElseThrow().fieldBytes;
        if (sig.length % 2 != 0 || sig.length / 2 > n) {
            return false;
        }
        int half = sig.length / 2;
        byte[] p1363 = new byte[2 * n];
        System.arraycopy(sig, 0, p1363, n - half, half);
        System.arraycopy(sig, half, p1363, 2 * n - half, half);
        return run(Signature.getInstance(ak.hash().signatureName() + "withECDSAinP1363Format"), ak, message, p1363);
    }

    private static boolean run(Signature s, AttestationKey ak, byte[] message, byte[] sig) throws GeneralSecurityException {
        s.initVerify(ak.publicKey());
        s.update(message);
        return s.verify(sig);
    }

    private static CheckOutcome<QuoteCheck, QuoteFailure> checkPcrDigest(TpmsAttest attest, TpmHash hash, PcrValues pcrs) {
        MessageDigest md = hash.newDigest();
        for (PcrSelection sel : attest.pcrSelections()) {
            Optional<TpmHash> bank = sel.hash();
            if (bank.isEmpty()) {
                return CheckOutcome.failed(QuoteCheck.PCR_DIGEST, QuoteFailure.PCR_BANK_UNSUPPORTED,
                        String.format("quote selects unsupported PCR bank 0x%04X", sel.hashAlgId()));
            }
            for (int index : sel.indices()) {
                Optional<byte[]> value = pcrs.get(bank.get(), index);
                if (value.isEmpty()) {
                    return CheckOutcome.failed(QuoteCheck.PCR_DIGEST, QuoteFailure.PCR_VALUE_MISSING,
                            "no value for PCR " + index + " in bank " + bank.get());
                }
                md.update(value.get());
            }
        }
        byte[] computed = md.digest();
        if (!MessageDigest.isEqual(computed, attest.pcrDigest())) {
            return CheckOutcome.failed(QuoteCheck.PCR_DIGEST, QuoteFailure.PCR_DIGEST_MISMATCH,
                    "recomputed " + hash + " digest " + HexFormat.of().formatHex(computed) + " differs from pcrDigest");
        }
        return CheckOutcome.passed(QuoteCheck.PCR_DIGEST, hash + " digest over selected PCRs matches");
    }

    /** The supplied values the quote covers (all present once the digest check passed). */
    private static PcrValues quotedOnly(TpmsAttest attest, PcrValues pcrs) {
        PcrValues.Builder b = PcrValues.builder();
        for (PcrSelection sel : attest.pcrSelections()) {
            TpmHash bank = sel.hash().orElseThrow();
            for (int index : sel.indices()) {
                b.put(bank, index, pcrs.get(bank, index).orElseThrow());
            }
        }
        return b.build();
    }

    private static CheckOutcome<QuoteCheck, QuoteFailure> checkNonce(TpmsAttest attest, byte[] expectedNonce) {
        if (expectedNonce == null) {
            return CheckOutcome.skipped(QuoteCheck.NONCE, "no nonce expected");
        }
        if (!MessageDigest.isEqual(expectedNonce, attest.extraData())) {
            return CheckOutcome.failed(QuoteCheck.NONCE, QuoteFailure.NONCE_MISMATCH, "extraData differs from the expected nonce");
        }
        return CheckOutcome.passed(QuoteCheck.NONCE, "extraData equals the expected nonce");
    }
}
