package io.vigie.server.platform.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubjectNamesTest {

    @TempDir
    Path tls;

    @Test
    void namesTheAgentEndpointByEveryAddress() {
        SubjectNames names = SubjectNames.forAgentEndpoint(Optional.of("CP1.Example.org"),
                Optional.of(URI.create("https://vigie.example.net:8443")),
                List.of("10.0.0.5", " backup.example.org ", "2001:db8::1", "[fd00::2]", "", "localhost"));

        assertThat(names.dnsNames())
                .containsExactly("localhost", "cp1.example.org", "vigie.example.net", "backup.example.org");
        assertThat(names.ipAddresses()).extracting(InetAddress::getHostAddress)
                .containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1", "10.0.0.5", "2001:db8:0:0:0:0:0:1",
                        "fd00:0:0:0:0:0:0:2");

        X509Certificate server = new CertificateAuthority(tls, names,
                new MutableClock(Instant.parse("2026-03-01T10:00:00Z")), new CertificateIssuer()).loadOrCreate().leaf();
        assertThat(names.coveredBy(server)).isTrue();
        assertThat(SubjectNames.forAgentEndpoint(Optional.empty(), Optional.empty(), List.of("other.example.org"))
                .coveredBy(server)).isFalse();
    }

    @Test
    void anIpAddressInThePublicUrlBecomesAnIpName() {
        SubjectNames names = SubjectNames.forAgentEndpoint(Optional.empty(),
                Optional.of(URI.create("https://[2001:db8::7]:8443")), List.of("192.0.2.10"));

        assertThat(names.ipAddresses()).extracting(InetAddress::getHostAddress)
                .contains("2001:db8:0:0:0:0:0:7", "192.0.2.10");
        assertThat(names.dnsNames()).containsExactly("localhost");
    }

    @Test
    void refusesAConfiguredNameThatIsNeitherADnsNameNorAnAddress() {
        assertThatThrownBy(() -> SubjectNames.forAgentEndpoint(Optional.empty(), Optional.empty(),
                List.of("https://cp.example.org")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vigie.agent-api.hostnames")
                .hasMessageContaining("https://cp.example.org");
    }

    @Test
    void leavesOutAMachineHostNameThatIsNotADnsName() {
        SubjectNames names = SubjectNames.forAgentEndpoint(Optional.of("my_host"), Optional.empty(), List.of());

        assertThat(names.dnsNames()).containsExactly("localhost");
    }
}
