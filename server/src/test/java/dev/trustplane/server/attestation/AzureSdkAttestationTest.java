package dev.trustplane.server.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.security.attestation.AttestationAdministrationClient;
import com.azure.security.attestation.AttestationAdministrationClientBuilder;
import com.azure.security.attestation.AttestationClient;
import com.azure.security.attestation.AttestationClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.security.attestation.models.AttestationData;
import com.azure.security.attestation.models.AttestationDataInterpretation;
import com.azure.security.attestation.models.AttestationOptions;
import com.azure.security.attestation.models.AttestationPolicySetOptions;
import com.azure.security.attestation.models.AttestationResult;
import com.azure.security.attestation.models.AttestationSigner;
import com.azure.security.attestation.models.AttestationSigningKey;
import com.azure.security.attestation.models.AttestationType;
import com.azure.security.attestation.models.CertificateModification;
import com.azure.security.attestation.models.PolicyManagementCertificateOptions;
import com.azure.security.attestation.models.PolicyModification;
import com.azure.security.attestation.models.PolicyResult;
import com.nimbusds.jose.jwk.JWKSet;
import dev.trustplane.attestation.DefaultPolicies;
import dev.trustplane.attestation.ManagementCertificates;
import dev.trustplane.attestation.testing.TestSigner;
import dev.trustplane.server.TestClient;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The official Azure SDK ({@code azure-security-attestation} 1.1.29, JDK HttpClient transport) against a running
 * server, trusting our CA and authenticating with a Trustplane token: OpenID metadata, the token signers, policy
 * get/set/reset unsigned and signed, and the policy-management certificates. The SDK validates every response
 * token's signature against the signers it fetched from {@code /certs}, and its issuer and lifetime; each call
 * succeeding is that check passing. The SDK has no SEV-SNP or TDX call; its {@code attestSgxEnclave} attests a real
 * SGX quote from the shared vectors (skipped without {@code ../shared}), with the evidence clock at a time inside
 * that quote's collateral validity.
 */
class AzureSdkAttestationTest {
    static final String POLICY = "version=1.0; authorizationrules { => permit(); }; issuancerules { => issue(type=\"sdk\", value=true); };";

    /** Inside the validity of the ICX quote's PCK certificate and its 2025 collateral (MANIFEST.md). */
    static final java.time.Instant ICX_TIME = java.time.Instant.parse("2025-08-20T00:00:00Z");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path staging;
    static AttestFixture fx;
    static String endpoint;
    static AttestationClient attestation;
    static AttestationAdministrationClient admin;

    @BeforeAll
    static void start() throws Exception {
        fx = new AttestFixture(dataDir, AttestSevSnpVmTest.SIM.roots().trustProfile(), AttestationSettings.defaults()
                .withEvidenceClock(java.time.Clock.fixed(ICX_TIME, java.time.ZoneOffset.UTC)));
        endpoint = "https://127.0.0.1:" + fx.server.port();
        TokenCredential credential = request -> Mono.just(new AccessToken(fx.adminToken, OffsetDateTime.now().plusHours(1)));
        HttpClient http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .sslContext(TestClient.trusting(fx.server.caCertificate()))).build();
        attestation = new AttestationClientBuilder().endpoint(endpoint).httpClient(http).buildClient();
        admin = new AttestationAdministrationClientBuilder().endpoint(endpoint).credential(credential).httpClient(http)
                .buildClient();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void openid_metadata_and_signers_match_what_the_server_publishes() throws Exception {
        var metadata = attestation.getOpenIdMetadata();
        assertThat(metadata.getIssuer()).isEqualTo(endpoint);
        assertThat(metadata.getJsonWebKeySetUrl()).isEqualTo(endpoint + "/certs");
        assertThat(metadata.getTokenSigningAlgorithmsSupported()).contains("RS256");

        List<AttestationSigner> signers = attestation.listAttestationSigners().getAttestationSigners();
        JWKSet published = JWKSet.parse(fx.client.get("/certs", null).body());
        assertThat(signers).extracting(AttestationSigner::getKeyId)
                .containsExactlyElementsOf(published.getKeys().stream().map(k -> k.getKeyID()).toList());
        assertThat(signers.getFirst().getCertificates().getFirst().getPublicKey())
                .isEqualTo(published.getKeys().getFirst().toRSAKey().toPublicKey());
    }

    @Test
    void policies_set_get_and_reset_unsigned_then_signed_with_management_certificates() throws Exception {
        AttestationType snp = AttestationType.fromString("SevSnpVm");
        assertThat(admin.getAttestationPolicy(snp)).isEqualTo(DefaultPolicies.of(dev.trustplane.attestation.AttestationType.SEV_SNP_VM).text());

        PolicyResult set = admin.setAttestationPolicy(snp, POLICY);
        assertThat(set.getPolicyResolution()).isEqualTo(PolicyModification.UPDATED);
        assertThat(set.getPolicyTokenHash().toBytes()).isEqualTo(admin.calculatePolicyTokenHash(POLICY, null).toBytes());
        assertThat(admin.getAttestationPolicy(snp)).isEqualTo(POLICY);
        assertThat(admin.resetAttestationPolicy(snp).getPolicyResolution()).isEqualTo(PolicyModification.REMOVED);

        // Isolated mode: register a certificate (it signs its own addition), then sign every change.
        TestSigner owner = TestSigner.rsa("sdk-owner");
        TestSigner deputy = TestSigner.rsa("sdk-deputy");
        var ownerKey = new AttestationSigningKey(owner.certificate(), owner.keys().getPrivate());
        var added = admin.addPolicyManagementCertificate(new PolicyManagementCertificateOptions(owner.certificate(), ownerKey));
        assertThat(added.getCertificateResolution()).isEqualTo(CertificateModification.IS_PRESENT);
        assertThat(added.getCertificateThumbprint()).isEqualTo(ManagementCertificates.thumbprint(owner.certificate()));
        assertThat(admin.addPolicyManagementCertificate(new PolicyManagementCertificateOptions(deputy.certificate(), ownerKey))
                .getCertificateResolution()).isEqualTo(CertificateModification.IS_PRESENT);
        assertThat(admin.listPolicyManagementCertificates().getAttestationSigners())
                .extracting(s -> s.getCertificates().getFirst()).containsExactlyInAnyOrder(owner.certificate(), deputy.certificate());

        assertThatThrownBy(() -> admin.setAttestationPolicy(snp, POLICY))
                .isInstanceOf(HttpResponseException.class).hasMessageContaining("unsigned policy is refused");
        PolicyResult signed = admin.setAttestationPolicy(snp, new AttestationPolicySetOptions().setAttestationPolicy(POLICY)
                .setAttestationSigner(ownerKey));
        assertThat(signed.getPolicyResolution()).isEqualTo(PolicyModification.UPDATED);
        assertThat(signed.getPolicySigner().getCertificates().getFirst()).isEqualTo(owner.certificate());
        assertThat(signed.getPolicyTokenHash().toBytes()).isEqualTo(admin.calculatePolicyTokenHash(POLICY, ownerKey).toBytes());
        assertThat(admin.getAttestationPolicy(snp)).isEqualTo(POLICY);

        assertThatThrownBy(() -> admin.resetAttestationPolicy(snp)).isInstanceOf(HttpResponseException.class);
        assertThat(admin.resetAttestationPolicy(snp, new AttestationPolicySetOptions().setAttestationSigner(ownerKey))
                .getPolicyResolution()).isEqualTo(PolicyModification.REMOVED);

        var removed = admin.deletePolicyManagementCertificate(new PolicyManagementCertificateOptions(deputy.certificate(), ownerKey));
        assertThat(removed.getCertificateResolution()).isEqualTo(CertificateModification.IS_ABSENT);
        assertThatThrownBy(() -> admin.deletePolicyManagementCertificate(new PolicyManagementCertificateOptions(owner.certificate(), ownerKey)))
                .isInstanceOf(HttpResponseException.class).hasMessageContaining("last policy-management certificate");
    }

    @Test
    void attest_sgx_enclave_verifies_a_real_quote_and_the_sdk_validates_the_token() {
        byte[] quote = IntelCollateral.vector("sgx/v3-icx-automata.dat");
        java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        for (String f : List.of("collateral/intel-sgx-tcbinfo-00606a000000-2025.json",
                "collateral/intel-sgx-qe-identity-2025.json", "collateral/intel-pck-platform-crl-2025-08.der",
                "collateral/intel-root-ca-crl-2023.der", "collateral/intel-tcb-signing-2025.der")) {
            files.put(f, IntelCollateral.vector(f));
        }
        IntelCollateral.importInto(dataDir, staging, files);

        AttestationResult result = attestation.attestSgxEnclave(BinaryData.fromBytes(quote));
        // MANIFEST.md: sgx/v3-icx-automata.dat, non-debug, ISVPRODID 0, ISVSVN 0.
        assertThat(result.getVerifierType()).isEqualTo("sgx");
        assertThat(result.getIssuer()).isEqualTo(endpoint);
        assertThat(result.getMrEnclave()).isEqualTo("3e7830a35057b9938d0fd849d13e3d82dc4abba812f8ffebbbb3d0e5ff1dd661");
        assertThat(result.getMrSigner()).isEqualTo("60d7778210f93769ad6d1d26698df018f95d321fc64f750fdd286ed15882c58e");
        assertThat(result.isDebuggable()).isFalse();
        assertThat(result.getProductId()).isZero();
        assertThat(result.getSvn()).isZero();
        // No runtime data sent, so no enclave held data (the SDK returns empty data for the absent claim).
        assertThat(result.getEnclaveHeldData() == null ? new byte[0] : result.getEnclaveHeldData().toBytes()).isEmpty();

        // Runtime data that REPORTDATA does not bind: MAA's error reaches the SDK caller as a 400.
        var options = new AttestationOptions(BinaryData.fromBytes(quote)).setRunTimeData(
                new AttestationData(BinaryData.fromString("not bound"), AttestationDataInterpretation.BINARY));
        assertThatThrownBy(() -> attestation.attestSgxEnclave(options)).isInstanceOfSatisfying(HttpResponseException.class,
                e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("RuntimeDataMismatch");
                });
    }
}
