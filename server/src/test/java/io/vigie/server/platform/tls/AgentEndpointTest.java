package io.vigie.server.platform.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link AgentEndpoint} contract outside a running web server. */
class AgentEndpointTest {

    @TempDir
    Path tls;

    private AgentConnector connector(Optional<URI> publicUrl) {
        CertificateAuthority authority = new CertificateAuthority(tls,
                SubjectNames.forAgentEndpoint(Optional.empty(), publicUrl, List.of()),
                new MutableClock(Instant.parse("2026-03-01T10:00:00Z")), new CertificateIssuer());
        return new AgentConnector(authority::loadOrCreate, 0, publicUrl, "cp1.example.org");
    }

    @Test
    void hasNoPortBeforeTheWebServerStarts() {
        AgentConnector connector = connector(Optional.empty());

        assertThatThrownBy(connector::port).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not bound");
        assertThatThrownBy(connector::publicUrl).isInstanceOf(IllegalStateException.class);
        assertThat(connector.isAgentPort(0)).isFalse();
        assertThat(connector.isAgentPort(-1)).isFalse();
    }

    @Test
    void knowsItsFingerprintBeforeTheWebServerStarts() {
        AgentConnector connector = connector(Optional.empty());

        assertThat(connector.caFingerprint())
                .isEqualTo(TlsMaterial.fingerprint(PemFiles.readCertificates(tls.resolve("ca.crt")).getFirst()))
                .matches("SHA256:[0-9a-f]{64}");
    }

    @Test
    void answersTheConfiguredPublicUrl() {
        Optional<URI> url = AgentConnector.parsePublicUrl(" https://cp.example.org:443 ");

        assertThat(connector(url).publicUrl()).isEqualTo(URI.create("https://cp.example.org:443"));
    }

    @Test
    void refusesAPublicUrlThatAgentsCannotUse() {
        assertThat(AgentConnector.parsePublicUrl("")).isEmpty();
        assertThat(AgentConnector.parsePublicUrl(null)).isEmpty();
        assertThatThrownBy(() -> AgentConnector.parsePublicUrl("http://cp.example.org:8443"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vigie.agent-api.public-url must be an https:// URL");
        assertThatThrownBy(() -> AgentConnector.parsePublicUrl("https://cp_1.example.org:8443"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("with a host");
        assertThatThrownBy(() -> AgentConnector.parsePublicUrl("cp.example.org:8443"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vigie.agent-api.public-url");
    }
}
