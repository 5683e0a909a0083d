package dev.trustplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Loopback and private addresses pass quietly; wildcard and public addresses are named. */
class ListenAddressesTest {
    @Test
    void private_and_loopback_addresses_are_quiet_public_and_wildcard_ones_are_named() {
        for (String quiet : new String[] {"127.0.0.1", "::1", "10.1.2.3", "172.16.0.9", "192.168.1.20", "169.254.1.1",
            "fd12:3456::1", "100.64.0.7"}) {
            assertThat(ListenAddresses.classify(quiet)).as(quiet).isEmpty();
        }
        assertThat(ListenAddresses.classify("0.0.0.0")).contains("every interface");
        assertThat(ListenAddresses.classify("::")).contains("every interface");
        assertThat(ListenAddresses.classify("8.8.8.8")).contains("a public address");
        assertThat(ListenAddresses.classify("2001:db8::1")).contains("a public address");
        assertThat(ListenAddresses.classify("100.128.0.1")).contains("a public address");
    }
}
