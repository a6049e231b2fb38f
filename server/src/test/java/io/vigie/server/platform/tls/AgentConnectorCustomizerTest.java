package io.vigie.server.platform.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

/** How the agent connector joins the main one, without starting a server. */
class AgentConnectorCustomizerTest {

    @TempDir
    Path tls;

    private AgentConnector connector(int port) {
        CertificateAuthority authority = new CertificateAuthority(tls,
                SubjectNames.forAgentEndpoint(Optional.empty(), Optional.empty(), List.of()),
                new MutableClock(Instant.parse("2026-03-01T10:00:00Z")), new CertificateIssuer());
        return new AgentConnector(authority::loadOrCreate, port, Optional.empty(), "localhost");
    }

    @Test
    void addsTheAgentConnectorBoundLikeTheMainOne() throws Exception {
        AgentConnector agent = connector(8443);
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(8080);
        factory.setAddress(InetAddress.getByName("127.0.0.1"));

        new AgentConnectorCustomizer(agent).customize(factory);

        assertThat(factory.getAdditionalConnectors()).containsExactly(agent.connector());
        assertThat(agent.connector().getPort()).isEqualTo(8443);
        assertThat(agent.connector().getScheme()).isEqualTo("https");
        assertThat(((AbstractProtocol<?>) agent.connector().getProtocolHandler()).getAddress())
                .isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(agent.connector().findSslHostConfigs()).singleElement()
                .satisfies(host -> assertThat(host.getProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2"));
        assertThat(factory.getContextValves()).hasAtLeastOneElementOfType(ConnectorMarkingValve.class);
    }

    @Test
    void refusesAnAgentPortEqualToTheMainPort() {
        AgentConnector agent = connector(8443);
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(8443);

        assertThatThrownBy(() -> new AgentConnectorCustomizer(agent).customize(factory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("vigie.agent-api.port")
                .hasMessageContaining("server.port");
        assertThat(factory.getAdditionalConnectors()).isEmpty();
    }
}
