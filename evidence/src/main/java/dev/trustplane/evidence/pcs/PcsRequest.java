package dev.trustplane.evidence.pcs;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What to ask Intel's Provisioning Certification Service (API v4) for, where it lives, and where the
 * collateral store keeps it ({@code DIR/intel/<cacheName>}). The root CA CRL is served by Intel's
 * certificate host, not by PCS.
 */
public sealed interface PcsRequest {
    /** The URL path and query, starting with {@code /}. */
    String path();

    /** Relative file name in the store's {@code intel} folder. */
    String cacheName();

    /** Whether the path is on the certificates host rather than the PCS API host. */
    default boolean onCertificateHost() {
        return false;
    }

    /** TDX or SGX. */
    enum Tee {
        SGX, TDX;

        String segment() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** TCB Info of one FMSPC ({@code /{sgx|tdx}/certification/v4/tcb?fmspc=}). */
    record TcbInfo(Tee tee, String fmspc) implements PcsRequest {
        private static final Pattern FMSPC = Pattern.compile("[0-9a-f]{12}");

        public TcbInfo {
            fmspc = fmspc.toLowerCase(Locale.ROOT);
            if (!FMSPC.matcher(fmspc).matches()) {
                throw new IllegalArgumentException("FMSPC must be 12 hex digits");
            }
        }

        @Override
        public String path() {
            return "/" + tee.segment() + "/certification/v4/tcb?fmspc=" + fmspc;
        }

        @Override
        public String cacheName() {
            return tee.segment() + "/tcb/" + fmspc + ".json";
        }
    }

    /** The QE Identity ({@code QE} for SGX, {@code TD_QE} for TDX). */
    record QeIdentity(Tee tee) implements PcsRequest {
        @Override
        public String path() {
            return "/" + tee.segment() + "/certification/v4/qe/identity";
        }

        @Override
        public String cacheName() {
            return tee.segment() + "/qe-identity.json";
        }
    }

    /** The CRL of the PCK Platform or Processor CA, DER. */
    record PckCrl(boolean processor) implements PcsRequest {
        @Override
        public String path() {
            return "/sgx/certification/v4/pckcrl?ca=" + (processor ? "processor" : "platform") + "&encoding=der";
        }

        @Override
        public String cacheName() {
            return "pckcrl-" + (processor ? "processor" : "platform") + ".der";
        }
    }

    /** The Intel SGX Root CA CRL, DER. */
    record RootCrl() implements PcsRequest {
        @Override
        public String path() {
            return "/IntelSGXRootCA.der";
        }

        @Override
        public String cacheName() {
            return "root-ca-crl.der";
        }

        @Override
        public boolean onCertificateHost() {
            return true;
        }
    }

    /**
     * The TCB Signing certificate chain PCS sends beside TCB Info and QE Identity (header
     * {@code TCB-Info-Issuer-Chain} / {@code SGX-Enclave-Identity-Issuer-Chain}); stored, never fetched.
     */
    record SigningChain() implements PcsRequest {
        @Override
        public String path() {
            throw new UnsupportedOperationException("the signing chain arrives in response headers");
        }

        @Override
        public String cacheName() {
            return "tcb-signing-chain.pem";
        }
    }
}
