package dev.trustplane.evidence.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.internal.Hex;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every shared TDX/SGX quote parses to the values MANIFEST.md states; broken quotes fail with typed errors. */
class DcapQuoteParseTest {
    static List<DcapVectors.Vector> vectors() {
        return DcapVectors.all();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void parses_header_body_signature_data_and_trailing_bytes(DcapVectors.Vector v) throws Exception {
        byte[] bytes = DcapVectors.bytes(v.file());
        assertThat(bytes).hasSize(v.size());
        DcapQuote q = DcapQuote.parse(bytes);
        assertThat(q.version()).isEqualTo(v.version());
        assertThat(q.attestationKeyType()).isEqualTo(2);
        assertThat(q.isTdx()).isEqualTo(v.tdx());
        assertThat(q.teeType()).isEqualTo(v.tdx() ? 0x81 : 0);
        assertThat(q.qeVendorId()).isEqualTo(DcapQuote.INTEL_QE_VENDOR_ID);
        assertThat(q.signedData()).hasSize(v.signedLength()).isEqualTo(Arrays.copyOf(bytes, v.signedLength()));
        assertThat(q.trailingBytes()).isEqualTo(v.trailing());
        assertThat(Hex.encode(DcapVerifier.reportData(q))).isEqualTo(v.reportData());
        assertThat(q.qe().qeReport().mrSigner()).isEqualTo(Hex.decode(v.qeMrSigner()));
        assertThat(q.qe().qeReport().isvProdId()).isEqualTo(v.qeProdId());
        assertThat(q.qe().qeReport().isvSvn()).isEqualTo(v.qeSvn());
        assertThat(q.qe().authData()).hasSize(32);
        assertThat(q.qe().certificationDataType()).isEqualTo(QeCertificationData.PCK_CERT_CHAIN);
        assertThat(field(q, v.field())).isEqualTo(v.value());
        assertThat(q.td().map(TdReportBody::debug).or(() -> q.enclave().map(SgxReportBody::debug)))
                .contains(v.debug());

        List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(q.pckChainPem().orElseThrow().getBytes()))
                .stream().map(X509Certificate.class::cast).toList();
        assertThat(chain).hasSize(3);
        PckExtensions ext = PckExtensions.read(chain.getFirst());
        assertThat(Hex.encode(ext.fmspc())).isEqualTo(v.fmspc());
        assertThat(Hex.encode(ext.pceId())).isEqualTo("0000");
        assertThat(ext.pceSvn()).isEqualTo(v.pceSvn());
        assertThat(Hex.encode(ext.cpuSvn())).isEqualTo(v.cpuSvn());
        assertThat(ext.sgxType()).isEqualTo(v.sgxType());
        for (int i = 0; i < 16; i++) {
            assertThat(ext.cpuSvnComponents()[i]).isEqualTo(ext.cpuSvn()[i] & 0xFF);
        }
    }

    @Test
    void spr_quote_has_the_manifest_td_fields_and_go_tdx_guest_ppid() throws Exception {
        DcapQuote q = DcapQuote.parse(DcapVectors.bytes("tdx/v4-spr-gotdx.dat"));
        TdReportBody td = q.td().orElseThrow();
        assertThat(Hex.encode(td.tdAttributes())).isEqualTo("0000004000000000");
        assertThat(Hex.encode(td.xfam())).isEqualTo("e71a060000000000");
        assertThat(Hex.encode(td.teeTcbSvn())).isEqualTo("03000400000000000000000000000000");
        assertThat(Hex.encode(td.mrSeam())).isEqualTo(
                "2fd279c16164a93dd5bf373d834328d46008c2b693af9ebb865b08b2ced320c9a89b4869a9fab60fbe9d0c5a5363c656");
        assertThat(Hex.encode(td.rtmrs().get(0))).isEqualTo(
                "2927da70461cd63266f43230cc1849c03ef25ebe490062a801d8fcc80af42976823adf08f833c1e50b51779c6593f32a");
        assertThat(Hex.encode(td.rtmrs().get(2))).isEqualTo(
                "8652f0caaba7e215ea442dc36a4499d8fec3362f3a0b2ca151cbe4b3e6466fe59c7368b3c2287fc7c3bf5c924eb4424e");
        assertThat(td.rtmrs().get(3)).containsOnly(0);
        assertThat(td.isV15()).isFalse();
        X509Certificate pck = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(q.pckChainPem().orElseThrow().getBytes()));
        assertThat(Hex.encode(PckExtensions.read(pck).ppid())).isEqualTo("089ddfdb9c0359c82a3bc7719239574e");
    }

    @Test
    void v5_quote_carries_a_td15_body() throws Exception {
        DcapQuote q = DcapQuote.parse(DcapVectors.bytes("tdx/v5-emr-gotdx.dat"));
        assertThat(q.bodyType()).isEqualTo(DcapQuote.BODY_TD15);
        TdReportBody td = q.td().orElseThrow();
        assertThat(td.isV15()).isTrue();
        assertThat(Hex.encode(td.teeTcbSvn2().orElseThrow())).isEqualTo("0d010400000000000000000000000000");
        assertThat(td.mrServiceTd().orElseThrow()).containsOnly(0);
        assertThat(Hex.encode(td.xfam())).isEqualTo("e702060000000000");
    }

    @Test
    void sgx_quote_carries_header_svns_and_the_enclave_body() throws Exception {
        DcapQuote q = DcapQuote.parse(DcapVectors.bytes("sgx/v3-icx-debug-occlum-trustee.dat"));
        assertThat(q.qeSvn()).isEqualTo(8);
        assertThat(q.pceSvn()).isEqualTo(13);
        SgxReportBody e = q.enclave().orElseThrow();
        assertThat(Hex.encode(e.mrSigner())).isEqualTo("83d719e77deaca1470f6baf62a4d774303c899db69020f9c70ee1dfc08c7ce9e");
        assertThat(Hex.encode(e.cpuSvn())).isEqualTo("06060c0cffff00000000000000000000");
        assertThat(e.miscSelect()).isEqualTo(1);
        assertThat(e.flags()).isEqualTo(7);
        assertThat(e.xfrm()).isEqualTo(0xe7);
        assertThat(e.isvProdId()).isZero();
        assertThat(e.isvSvn()).isZero();
    }

    @Test
    void truncation_anywhere_is_a_typed_error_naming_a_field() throws Exception {
        byte[] bytes = DcapVectors.bytes("tdx/v4-debug-trustee.dat");
        for (int cut = 0; cut < bytes.length; cut += 7) {
            byte[] shorter = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> DcapQuote.parse(shorter)).as("cut at %d", cut)
                    .isInstanceOfSatisfying(EvidenceFormatException.class, e -> {
                        assertThat(e.code()).isIn(ReasonCode.MALFORMED, ReasonCode.UNSUPPORTED_VERSION);
                        assertThat(e.field()).isNotBlank();
                    });
        }
    }

    @Test
    void unsupported_versions_key_types_and_certification_types_are_named() throws Exception {
        byte[] bytes = DcapVectors.bytes("tdx/v4-debug-trustee.dat");
        assertThat(failure(bytes, 0, (byte) 6).field()).isEqualTo("VERSION");
        assertThat(failure(bytes, 2, (byte) 3).field()).isEqualTo("ATT_KEY_TYPE");
        assertThat(failure(bytes, 4, (byte) 0x82).field()).isEqualTo("TEE_TYPE");
        // outer certification data type (after header, body, length, signature and key): 632 + 4 + 128
        EvidenceFormatException outer = failure(bytes, 632 + 4 + 128, (byte) 5);
        assertThat(outer.field()).isEqualTo("CERTIFICATION_DATA_TYPE");
        assertThat(outer.offset()).isEqualTo(632 + 4 + 128);
        assertThat(outer.code()).isEqualTo(ReasonCode.UNSUPPORTED_VERSION);
    }

    @Test
    void a_signature_data_length_beyond_the_end_is_malformed() throws Exception {
        byte[] bytes = DcapVectors.bytes("tdx/v4-debug-trustee.dat");
        EvidenceFormatException e = failure(bytes, 632 + 3, (byte) 0x7f);
        assertThat(e.field()).isEqualTo("SIGNATURE_DATA_LEN");
        assertThat(e.code()).isEqualTo(ReasonCode.MALFORMED);
    }

    private static EvidenceFormatException failure(byte[] original, int at, byte value) {
        byte[] b = original.clone();
        b[at] = value;
        try {
            DcapQuote.parse(b);
            throw new AssertionError("parsed despite byte " + at + " = " + value);
        } catch (EvidenceFormatException e) {
            return e;
        }
    }

    private static String field(DcapQuote q, String name) {
        return switch (name) {
            case "mrtd" -> Hex.encode(q.td().orElseThrow().mrTd());
            case "mrconfigid" -> Hex.encode(q.td().orElseThrow().mrConfigId());
            case "mrservicetd" -> Hex.encode(q.td().orElseThrow().mrServiceTd().orElseThrow());
            case "mrenclave" -> Hex.encode(q.enclave().orElseThrow().mrEnclave());
            default -> throw new IllegalArgumentException(name);
        };
    }
}
