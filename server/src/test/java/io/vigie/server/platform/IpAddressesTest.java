package io.vigie.server.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Canonical text of IP addresses, with the examples of RFC 5952. */
class IpAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "203.0.113.10, 203.0.113.10",
            "2001:db8::1, 2001:db8::1",
            "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
            "0:0:0:0:0:0:0:0, ::",
            "::1, ::1",
            "1::, 1::",
            "fe80:0:0:0:0:0:0:0, fe80::",
            "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
    })
    void addressesAreWrittenInTheirCanonicalForm(String typed, String canonical) {
        assertThat(IpAddresses.canonical(typed)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"300.1.1.1", "web1.example.com", "2001:db8:::1", ""})
    void otherTextIsRefused(String typed) {
        assertThatThrownBy(() -> IpAddresses.canonical(typed)).isInstanceOf(IllegalArgumentException.class);
    }
}
