package dev.trustplane.evidence.internal;

import dev.trustplane.evidence.TrustAnchor;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Vendor root keys compiled into the code: the production trust anchors.
 *
 * <p>AMD ARKs (AMD Root Keys) for Milan, Genoa and Turin, each as the DER SubjectPublicKeyInfo of the
 * self-signed ARK certificate served by AMD KDS ({@code /vcek/v1/<product>/cert_chain}), with its
 * SHA-256 as a second, independent check (the ARK certificates are byte-identical in go-sev-guest,
 * virtee/sev, trustee and Microsoft's verifier). The same ARK signs both the ASK (VCEK path) and the
 * ASVK (VLEK path) of its product. Class loading fails loudly if a constant were ever edited so that
 * key and pin disagree.
 */
public final class PinnedRoots {

    /** ARK-Milan SubjectPublicKeyInfo (RSA-4096), base64 of the DER. */
    private static final String ARK_MILAN_SPKI =
            "MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEA0Ld52RJOdeiJlqK2JdsVmD7FktuotWwX1fNgW41XY9Xz"
            + "1HEhSUmhLz9Cu9DHRlvgJSNxbeYYsnJfvyjx1MfU0V5tkKiU1EesNFta1kTA0szNisdYc9isqk7mXT5+KfGRbfc4"
            + "V/9zRIcE8jlHN61S1ju8X93+6dxDUrG2SzxqJ4BhqyYmUDruPXJSX4vUc01P7j98MpqOS95rORdGHeI52Naz5m2B"
            + "+O+vjsC060d37jY9LFeuOP4Meri8qgfi2S5kKqg/aF6aPtuAZQVR7u3KFYXP59XmJgtcog05gmI0T/OitLhuzVvp"
            + "ZcLph0odh/1IPXqx3+MnjD97A7fXpqGd/y8KxX7jksTEzAOgbKAeam3lm+3yKIcTYMlsRMXPcjNbIvmsBykD//xS"
            + "niusuHBkgnlENEWx1UcbQQrs+gVDkuVPhsnzIRNgYvM48Y+7LGiJYnrmE8xcrexekBxrva2V9TJQqnN3Q53kt5vi"
            + "Qi3+gCfmkwC0F0tirIZbLkXPrPwzZ0M9eNxhIySb2npJfgnqz55I0u33wh4r0ZNQeTGfw03MBUtyuzGesGkcw+lo"
            + "qMaq1qR4tjGbPYxCvpCq7+OgpCCoMNit2uLo9M18fHz10lOMT8nWAUvRZFzteXCm+7PHdYPlmQwUw3LvenJ/ILXo"
            + "QPHfbkH0CyPfhl1jWhJFZasCAwEAAQ==";
    private static final String ARK_MILAN_SHA256 = "9f056bee44377e29308cb5ffa895bdfb62d18881fa6bed8d6f075b0204089cb9";

    /** ARK-Genoa SubjectPublicKeyInfo (RSA-4096), base64 of the DER. */
    private static final String ARK_GENOA_SPKI =
            "MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEA3Cd95S/uFOuRIskW9vz9VDBF69NDQF79oRhL/L2PVQGh"
            + "K3YdfEBgpF/JiwWFBsT/fXDhzA01p3LkcT/7LdjcRfKXjHl+0Qq/M4dZkh6QDoUeKzNBLDcBKDDGWo3v35NyrxbA"
            + "1DnkYwUKU5AAk4P94tKXLp80oxt84ahyHoLmc/LqsGsp+oq1Bz4PPsYLwTG4iMKVaaT90/oZ4I8oibSru92vJhlq"
            + "WO27d/Rxc3iUMyhNeGToOvgx/iUo4gGpG61NDpkEUvIzuKcaMx8IdTpWg2DF6SwF0IgVMffnvtJmA68BwJNWo1E4"
            + "PLJdaPfBifcJpuBFwNVQIPQEVX3aP89HJSp8YbY9lySS6PlVEqTBBtaQmi4ATGmMR+n2K/e+JAhU2Gj7jIpJhOkd"
            + "H9firQDnmlA2SFfJ/Cc0mGNzW9RmIhyOUnNFoclmkRhl3/AQU5Ys9Qsan1jT/EiyT+pCpmnA+y9edvhDCbOG8F2o"
            + "xHGRdTBkylungrkXJGYiwGrR8kaiqv7NN8QhOBMqYjcbrkEr0f8QMKklIS5ruOfqlLMCBw8JLB3LkjpWgtD7Opxk"
            + "zSsohN47Uom86RY6lp72g8eXHP1qYrnvhzaG1S70vw6OkbaaC9EjiH/uHgAJQGxon7u0Q7xgoREWA/e7JcBQwLg8"
            + "0Hq/sbRuqesxz7wBWSY254cCAwEAAQ==";
    private static final String ARK_GENOA_SHA256 = "429a69c9422aa258ee4d8db5fcda9c6470ef15f8cd5a9cebd6cbc7d90b863831";

    /** ARK-Turin SubjectPublicKeyInfo (RSA-4096), base64 of the DER. */
    private static final String ARK_TURIN_SPKI =
            "MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAwaAriB7EIuVc4ZB1wD3YfDxL+9eyS7+izm0Jj3W772NI"
            + "NCWl8Bj3w/JD2ZjmbRxWdIq/4d9iarCKorXloJUB1jRdgxqccTx1aOoig4+2w1XhVVJT7K457wT5ZLNJgQaxqa9E"
            + "tkwjd6+9sOhlCDE9l43kQ0R2BikVJa/uyyVOSwEk5w5tXKOuG9jvq6QtAMJasW38wlqRDaKEGtZ9VUgGon27ZuL4"
            + "sTJuC/azz9/iQBw8kEilzOl95AiTkeY5jSEBDWbAqnZk5qlM7kISKG20kgQm14mhNKDI2p2oua+zuAG7i52epoRF"
            + "2GfU0TYk/yf+vCNB2tnechFQuP2e8bLk95ZdqPi9/UWw4JXjtdEA4u2JYplSSUPQVAXKt6LVqujtJcM59JKr2u0X"
            + "Q75KwxcMp15gSXhBfInvPAwuAY4dEwwGqT8oIg4esPHwEsmChhYeDIxPG9R4fx9O0q6p8Gb+HXlTiS47P9YNeOpi"
            + "dOUKzDl/S1OvyhDtSL8LJc24QATFydo/iD/KUdvFTRlD0crkAMkZLoWQ8hLDGc6BZJXsdd7Zf2e4UW3tI/1oh/2t"
            + "23Ot3zyhTcv5gDbABu0LjVe98uRnS15SMwK//lJt9e5BqKvgABkSoABf+B4VFtPVEX0ygrYaFaI9i5ABrxnVBmzX"
            + "pRb21iI1NlNCfOGUPIhVpWECAwEAAQ==";
    private static final String ARK_TURIN_SHA256 = "4f125410563a2ab9a50356f9243f6fe0b6f73de98603f53f90339c70e9d7ad08";

    /**
     * Intel SGX Root CA SubjectPublicKeyInfo (P-256), base64 of the DER: the root of PCK certificates,
     * the TCB Signing certificate and their CRLs for SGX and TDX. Two certificates carry this key
     * (2018→2033 and 2018→2049), which is why the key, not a certificate, is pinned.
     */
    private static final String INTEL_SGX_ROOT_SPKI =
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEC6nEwMDIYZOj/iPWsCzaEKi71OiOSLRFhWGjbnBVJfVnkY4u3IjkDYYL0MxO4mqsyYjlBalTVYxFP2sJBK5zlA==";
    private static final String INTEL_SGX_ROOT_SHA256 = "a0af031289f5d5d4132f9186068a7fc13628633ba235777472e29b6b6c67a49e";

    private static final List<TrustAnchor> ALL = List.of(
            amd("Milan", ARK_MILAN_SPKI, ARK_MILAN_SHA256),
            amd("Genoa", ARK_GENOA_SPKI, ARK_GENOA_SHA256),
            amd("Turin", ARK_TURIN_SPKI, ARK_TURIN_SHA256),
            anchor(TrustAnchor.INTEL_SGX, TrustAnchor.INTEL_ROOT, "EC", INTEL_SGX_ROOT_SPKI, INTEL_SGX_ROOT_SHA256));

    private PinnedRoots() {}

    /** Every production anchor. */
    public static List<TrustAnchor> all() {
        return ALL;
    }

    private static TrustAnchor amd(String product, String spkiBase64, String sha256Hex) {
        return anchor(TrustAnchor.AMD_SEV_SNP, product, "RSA", spkiBase64, sha256Hex);
    }

    private static TrustAnchor anchor(String technology, String product, String algorithm, String spkiBase64,
            String sha256Hex) {
        byte[] der = Base64.getDecoder().decode(spkiBase64);
        try {
            String actual = Hex.encode(MessageDigest.getInstance("SHA-256").digest(der));
            if (!actual.equals(sha256Hex)) {
                throw new IllegalStateException("pinned " + product + " key does not match its pin");
            }
            PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            return new TrustAnchor(technology, product, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("pinned " + product + " key cannot be decoded", e);
        }
    }
}
