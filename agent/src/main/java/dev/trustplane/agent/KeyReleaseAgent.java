package dev.trustplane.agent;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The workload's whole flow for one key: make a fresh transfer key, bind it into evidence, attest, release the key
 * with the token (and a fresh nonce the token must carry), and open the response — the key then exists only in
 * this process's memory.
 *
 * @param tee where evidence comes from
 * @param client the attestation and key services
 * @param trust which release-response signers to accept
 * @param key the key's name; {@code version} empty for the latest
 */
public record KeyReleaseAgent(Tee tee, TrustplaneClient client, ReleaseResponseTrust trust, String key,
        Optional<String> version) implements RefreshingKey.KeySource {
    public KeyReleaseAgent {
        Objects.requireNonNull(tee, "tee");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
    }

    /** One attested release. */
    @Override
    public ReleasedKey obtain() throws AgentException {
        TransferKeyPair transfer = TransferKeyPair.generate();
        String nonce = UUID.randomUUID().toString();
        String token = client.attest(tee.attestationRequest(transfer.runtimeData()), Optional.of(nonce));
        String jws = client.release(key, version, token, Optional.of(nonce), "RSA_AES_KEY_WRAP_256");
        try {
            return ReleasedKey.open(jws, transfer.privateKey(), trust);
        } catch (ReleaseResponseException e) {
            throw new AgentException("key release: the response cannot be trusted or opened: " + e.getMessage(), e);
        }
    }

    /** The attestation step alone: the token for fresh evidence (for {@code trustplane agent attest}). */
    public String attestOnly() throws AgentException {
        return client.attest(tee.attestationRequest(TransferKeyPair.generate().runtimeData()), Optional.empty());
    }
}
