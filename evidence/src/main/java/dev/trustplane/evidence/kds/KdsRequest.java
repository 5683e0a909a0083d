package dev.trustplane.evidence.kds;

import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.TcbVersion;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What to ask AMD's Key Distribution Service for, and the path it lives at. Paths follow AMD's KDS
 * interface: {@code /vcek/v1/{product}/{hwid}?blSPL=..&teeSPL=..&snpSPL=..&ucodeSPL=..} (Turin: a 16-hex-digit
 * hwid, i.e. CHIP_ID[0:8], and {@code fmcSPL} first), {@code /vcek/v1/{product}/cert_chain} (ASK then ARK),
 * {@code /vlek/v1/{product}/cert_chain} (ASVK then ARK) and {@code /vcek/v1/{product}/crl}.
 */
public sealed interface KdsRequest {
    /** The URL path and query, starting with {@code /}. */
    String path();

    /** A file name for the on-disk cache, relative to the product's cache folder. */
    String cacheName();

    SnpProduct product();

    /** The VCEK of one chip at one TCB. */
    record Vcek(SnpProduct product, byte[] chipId, TcbVersion.Components tcb) implements KdsRequest {
        public Vcek {
            Objects.requireNonNull(product, "product");
            Objects.requireNonNull(tcb, "tcb");
            if (chipId.length < product.hwIdLength()) {
                throw new IllegalArgumentException("chip id must have at least " + product.hwIdLength() + " bytes");
            }
            chipId = chipId.clone();
        }

        private String hwid() {
            return HexFormat.of().formatHex(chipId, 0, product.hwIdLength());
        }

        private String spls() {
            String common = "blSPL=" + tcb.bootLoader() + "&teeSPL=" + tcb.tee() + "&snpSPL=" + tcb.snp()
                    + "&ucodeSPL=" + tcb.microcode();
            return tcb.layout().hasFmc() ? "fmcSPL=" + tcb.fmc() + "&" + common : common;
        }

        @Override
        public String path() {
            return "/vcek/v1/" + product.kdsName() + "/" + hwid() + "?" + spls();
        }

        @Override
        public String cacheName() {
            return "vcek/" + hwid() + "/" + spls().replace('&', '_').replace("=", "") + ".der";
        }
    }

    /** The intermediate and root certificates: ASK+ARK, or ASVK+ARK for VLEKs. */
    record CertChain(SnpProduct product, boolean vlek) implements KdsRequest {
        @Override
        public String path() {
            return "/" + (vlek ? "vlek" : "vcek") + "/v1/" + product.kdsName() + "/cert_chain";
        }

        @Override
        public String cacheName() {
            return (vlek ? "vlek" : "vcek") + "_cert_chain.pem";
        }
    }

    /** The ARK's certificate revocation list. */
    record Crl(SnpProduct product) implements KdsRequest {
        @Override
        public String path() {
            return "/vcek/v1/" + product.kdsName() + "/crl";
        }

        @Override
        public String cacheName() {
            return "crl.der";
        }
    }
}
