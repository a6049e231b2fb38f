package io.vigie.agent.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class NetworkAddressesTest {

    @Test
    void writesIpv6AddressesInTheirShortForm() throws UnknownHostException {
        assertThat(NetworkAddresses.text(InetAddress.getByName("fd00:0:0:0:0:0:0:2"))).isEqualTo("fd00::2");
        assertThat(NetworkAddresses.text(InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(NetworkAddresses.text(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(NetworkAddresses.text(InetAddress.getByName("2001:db8:1:2:3:4:5:6"))).isEqualTo("2001:db8:1:2:3:4:5:6");
        assertThat(NetworkAddresses.text(InetAddress.getByName("192.0.2.1"))).isEqualTo("192.0.2.1");
    }
}
