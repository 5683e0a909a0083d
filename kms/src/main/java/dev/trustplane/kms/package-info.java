/**
 * The KMS: keys with Azure Key Vault / Managed HSM semantics, kept sealed under a master key.
 *
 * <p>Entry point {@link dev.trustplane.kms.Kms#open}: a {@link dev.trustplane.store.Store}, a
 * {@link dev.trustplane.kms.MasterKeyProvider} ({@link dev.trustplane.kms.SealedFileMasterKey}, or
 * {@link dev.trustplane.kms.Pkcs11MasterKey} for a key inside an HSM; {@link dev.trustplane.kms.MasterKeys} opens the
 * one a {@code master-key} setting names) and a {@link dev.trustplane.kms.KmsConfig}. Values are immutable
 * records ({@link dev.trustplane.kms.KeyBundle}, {@link dev.trustplane.kms.JsonWebKey},
 * {@link dev.trustplane.kms.KeyAttributes} …); every refusal is a {@link dev.trustplane.kms.KmsException} whose
 * code is Key Vault's; private material crosses the API only inward, as {@link dev.trustplane.kms.SecretBytes}
 * in {@link dev.trustplane.kms.KeyMaterial} on import.
 *
 * <p>Storage (module owner {@code kms}, migrations in {@code db/kms}): {@code kms_keys} (one row per name:
 * version sequence, deletion state), {@code kms_key_versions} (public JWK, attributes, tags, release policy as
 * plain columns; the private material only in {@code sealed}, AES-256-GCM under the master key with
 * {@code trustplane-kms-v1/<name>/<version>} as associated data), {@code kms_settings} (master key check value,
 * purge protection) and {@code kms_rotation_policies}. Implementation in {@code dev.trustplane.kms.internal}.
 */
package dev.trustplane.kms;
