/**
 * KMS implementation: {@link dev.trustplane.kms.internal.DefaultKms} and its helpers — key lifecycle, soft delete,
 * listings, backup and rotation over the store; the crypto layer (RSA PKCS#1/PSS/OAEP, ECDSA P1363 incl.
 * secp256k1, AES GCM/CBC/KW/KWP) over the JCA with whatever provider is preferred at run time. Not an API.
 */
package dev.trustplane.kms.internal;
