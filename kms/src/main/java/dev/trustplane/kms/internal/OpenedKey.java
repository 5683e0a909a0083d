package dev.trustplane.kms.internal;

import dev.trustplane.kms.Curve;
import dev.trustplane.kms.KeyMaterial;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;

/**
 * A version's private material opened for use: the decoded material and, for RSA and the JCA's EC curves, the
 * provider's key objects built from it once. Reusing those objects is what makes a cached key fast: AWS-LC keeps
 * an RSA key's Montgomery contexts and blinding values with the key object after its first private operation.
 *
 * <p>{@link #close()} zeroes the material and destroys the provider's private key where the provider allows it
 * (AWS-LC frees and clears its native key; the JDK's own RSA and EC keys cannot be destroyed and are left to the
 * garbage collector). Never printed: {@code toString} says nothing about the key.
 */
final class OpenedKey implements AutoCloseable {
    private final KeyMaterial material;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private OpenedKey(KeyMaterial material, PrivateKey privateKey, PublicKey publicKey) {
        this.material = material;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** Takes ownership of {@code material} (closed here if building the key objects fails). */
    static OpenedKey of(KeyMaterial material) {
        try {
            return switch (material) {
                case KeyMaterial.Rsa r -> new OpenedKey(r, Rsa.privateKey(r), Rsa.publicKey(r.n(), r.e()));
                case KeyMaterial.Ec e when e.crv() != Curve.P_256K ->
                        new OpenedKey(e, EcKeys.privateKey(e.crv(), e.d()), EcKeys.publicKey(e.crv(), e.x(), e.y()));
                default -> new OpenedKey(material, null, null);
            };
        } catch (GeneralSecurityException | RuntimeException e) {
            material.close();
            throw new IllegalStateException("stored key material cannot be loaded into the crypto provider", e);
        }
    }

    KeyMaterial material() {
        return material;
    }

    RSAPrivateCrtKey rsaPrivate() {
        return (RSAPrivateCrtKey) privateKey;
    }

    RSAPublicKey rsaPublic() {
        return (RSAPublicKey) publicKey;
    }

    /** The JCA private key of a P-256/384/521 key. */
    ECPrivateKey ecPrivate() {
        return (ECPrivateKey) privateKey;
    }

    ECPublicKey ecPublic() {
        return (ECPublicKey) publicKey;
    }

    @Override
    public void close() {
        material.close();
        if (privateKey instanceof Destroyable d && !d.isDestroyed()) {
            try {
                d.destroy();
            } catch (DestroyFailedException e) {
                // The JDK's own keys do not implement destroy; nothing more can be done for them.
            }
        }
    }

    @Override
    public String toString() {
        return "OpenedKey[redacted]";
    }
}
