package dev.trustplane.ledger;

import dev.trustplane.ledger.internal.Ed25519;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;

/**
 * The log's Ed25519 signing key with its note key name (which should equal the checkpoint origin). The
 * private key stays inside; {@link #toString()} shows only the verifier key. The caller owns the key
 * material: create one with {@link #generate(String)}, persist {@link #privateKeyPkcs8()} securely, and
 * restore it with {@link #fromPkcs8(String, byte[])}.
 */
public final class NoteSigner {
    private final String name;
    private final KeyPair keys;
    private final java.security.PrivateKey signingKey; // the same key as the provider that signs holds it
    private final NoteVerifier verifier;

    private NoteSigner(String name, KeyPair keys) {
        this.name = name;
        this.keys = keys;
        this.signingKey = Ed25519.forSigning(keys.getPrivate());
        this.verifier = NoteVerifier.ed25519(name, Ed25519.rawPublicKey(keys.getPublic()));
    }

    /** A signer for a JCA Ed25519 key pair. */
    public static NoteSigner of(String name, KeyPair keys) {
        if (!SignedNote.isValidName(name)) {
            throw new IllegalArgumentException("note key name must be non-empty, without spaces or '+'");
        }
        NoteSigner signer = new NoteSigner(name, keys);
        byte[] probe = "trustplane key check\n".getBytes(StandardCharsets.UTF_8);
        if (!Ed25519.verify(signer.verifier.publicKey(), probe, Ed25519.sign(signer.signingKey, probe))) {
            throw new IllegalArgumentException("the public key does not belong to the private key");
        }
        return signer;
    }

    /** A new random key. */
    public static NoteSigner generate(String name) {
        return of(name, Ed25519.generate());
    }

    /** Restores a key from its PKCS#8 encoding (the public key is derived). */
    public static NoteSigner fromPkcs8(String name, byte[] pkcs8) {
        return of(name, Ed25519.fromPkcs8(pkcs8));
    }

    /** PKCS#8 encoding of the private key, for the caller to store securely. Never log it. */
    public byte[] privateKeyPkcs8() {
        return Ed25519.pkcs8(keys.getPrivate());
    }

    public String name() {
        return name;
    }

    public NoteVerifier verifier() {
        return verifier;
    }

    /** Signs {@code text} (which must end in a newline) and returns the one-signature note. */
    public SignedNote sign(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("note text must end with a newline");
        }
        byte[] sig = Ed25519.sign(signingKey, text.getBytes(StandardCharsets.UTF_8));
        return new SignedNote(text, List.of(new SignedNote.Signature(name, verifier.keyId(), sig)));
    }

    @Override
    public String toString() {
        return "NoteSigner[" + verifier.encode() + "]";
    }
}
