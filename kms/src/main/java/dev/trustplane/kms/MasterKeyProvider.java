package dev.trustplane.kms;

/**
 * The root of key protection: seals every key version's private material so that the database alone never
 * reveals a key. Tink's {@code Aead} in shape: authenticated encryption with associated data.
 *
 * <p>Guarantees every implementation gives:
 * <ul>
 *   <li><b>Confidentiality and integrity.</b> {@link #seal} is AES-256-GCM (or stronger AEAD) with a fresh
 *       random nonce per call; {@link #open} returns the plaintext only if the sealed bytes and the associated
 *       data are exactly what {@code seal} produced and consumed under this master key.</li>
 *   <li><b>Binding.</b> The associated data (the KMS passes key name and version) is authenticated: material
 *       sealed for one key version cannot be opened as another's (no row swapping in the database).</li>
 *   <li><b>The master key never leaves the provider.</b> A PKCS#11 provider seals inside the HSM with a
 *       non-extractable key; the sealed-file provider holds it in process memory only.</li>
 *   <li><b>Thread-safety.</b> Both methods may be called concurrently.</li>
 * </ul>
 *
 * <p>Failure semantics: every failure is a {@link KmsException} with code
 * {@link KmsException.Code#MASTER_KEY_UNAVAILABLE} and a message that names the provider and never the key
 * material. {@link #open} failing on authentication means wrong master key or altered data: it is never
 * retried and never answered with partial output. An unreachable HSM is reported the same way; callers fail
 * the operation (the server answers 5xx), they never fall back to another key.
 */
public interface MasterKeyProvider extends AutoCloseable {

    /**
     * A stable, non-secret identifier of the master key (e.g. {@code sealed-file:<fingerprint>} or
     * {@code pkcs11:<label>}); recorded beside every sealed blob so rotation and diagnostics know which key
     * sealed what.
     */
    String id();

    /** Encrypts and authenticates {@code plaintext} bound to {@code associatedData}. */
    byte[] seal(byte[] plaintext, byte[] associatedData);

    /**
     * Verifies and decrypts; the caller owns (and zeroes) the returned plaintext.
     *
     * @throws KmsException {@code MASTER_KEY_UNAVAILABLE} when authentication fails or the provider is unusable
     */
    byte[] open(byte[] sealed, byte[] associatedData);

    /** Releases the provider's resources (HSM session, in-memory key). */
    @Override
    void close();
}
