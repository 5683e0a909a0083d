package dev.trustplane.agent;

import dev.trustplane.agent.evidence.AttestRequestBodies;
import dev.trustplane.agent.evidence.Evidence;
import dev.trustplane.agent.evidence.EvidenceCollectionException;
import dev.trustplane.agent.evidence.EvidenceSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The workload's whole flow for one key: make a fresh transfer key, bind it into evidence, attest, release the key
 * with the token (and a fresh nonce the token must carry), and open the response — the key then exists only in
 * this process's memory.
 *
 * @param source where evidence comes from (configfs-tsm, /dev/sev-guest, the Azure vTPM, or the simulator)
 * @param client the attestation and key services
 * @param trust which release-response signers to accept
 * @param key the key's name; {@code version} empty for the latest
 */
public record KeyReleaseAgent(EvidenceSource source, TrustplaneClient client, ReleaseResponseTrust trust, String key,
        Optional<String> version) implements RefreshingKey.KeySource {
    public KeyReleaseAgent {
        Objects.requireNonNull(source, "source");
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
        String token = client.attest(request(transfer.runtimeData()), Optional.of(nonce));
        String jws = client.release(key, version, token, Optional.of(nonce), "RSA_AES_KEY_WRAP_256");
        try {
            return ReleasedKey.open(jws, transfer.privateKey(), trust);
        } catch (ReleaseResponseException e) {
            throw new AgentException("key release: the response cannot be trusted or opened: " + e.getMessage(), e);
        }
    }

    /** The attestation step alone: the token for fresh evidence (for {@code trustplane agent attest}). */
    public String attestOnly() throws AgentException {
        return client.attest(request(TransferKeyPair.generate().runtimeData()), Optional.empty());
    }

    /** Evidence binding SHA-256(runtime data) in its 64-byte report data, as the attestation body MAA expects. */
    private AttestationRequest request(byte[] runtimeData) throws AgentException {
        byte[] reportData;
        try {
            reportData = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(runtimeData), 64);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
        try {
            Evidence evidence = source.collect(reportData);
            return new AttestationRequest(AttestRequestBodies.type(evidence),
                    AttestRequestBodies.body(evidence, Optional.of(runtimeData)));
        } catch (EvidenceCollectionException e) {
            throw new AgentException("evidence collection (" + source.describe() + "): " + e.getMessage(), e);
        }
    }
}
