package io.vigie.server.platform.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.vigie.server.platform.VigieProperties;

/** What the start-up does with good and bad TLS settings, without a web server. */
class AgentTlsConfigurationTest {

    @TempDir
    Path dataDir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, AgentTlsConfiguration.class)
                .withBean(Clock.class, () -> new MutableClock(Instant.parse("2026-03-01T10:00:00Z")))
                .withPropertyValues("vigie.data-dir=" + dataDir);
    }

    @Test
    void providesTheAgentEndpointAndAFilterThatRunsFirst() {
        runner().run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(AgentEndpoint.class);
            assertThat(context.getBean(AgentEndpoint.class).caFingerprint()).isEqualTo(
                    TlsMaterial.fingerprint(PemFiles.readCertificates(dataDir.resolve("tls/ca.crt")).getFirst()));
            assertThat(context.getBean("agentPortFilter", FilterRegistrationBean.class).getOrder())
                    .isEqualTo(Ordered.HIGHEST_PRECEDENCE);
        });
    }

    @Test
    void aDamagedCaStopsTheStartNamingTheFile() throws Exception {
        Files.createDirectories(dataDir.resolve("tls"));
        Files.writeString(dataDir.resolve("tls/ca.crt"), "damaged");
        Files.writeString(dataDir.resolve("tls/ca.key"), "damaged");

        runner().run(context -> assertThat(context).getFailure().rootCause()
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(dataDir.resolve("tls/ca.crt").toAbsolutePath().toString()));
    }

    @Test
    void aBadExtraHostNameStopsTheStartNamingTheSetting() {
        runner().withPropertyValues("vigie.agent-api.hostnames=cp.example.org,not a name").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("vigie.agent-api.hostnames")
                        .hasMessageContaining("not a name"));
    }

    @Test
    void anOperatorCertificateReplacesTheGeneratedCa() {
        CertificateIssuer issuer = new CertificateIssuer();
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        KeyPair rootKeys = issuer.newKeyPair();
        X509Certificate root = issuer.issueAuthority(rootKeys, now);
        KeyPair serverKeys = issuer.newKeyPair();
        X509Certificate server = issuer.issueServer(serverKeys.getPublic(),
                SubjectNames.forAgentEndpoint(Optional.empty(), Optional.empty(), List.of()), root,
                rootKeys.getPrivate(), now);
        PemFiles.createPrivateDirectory(dataDir.resolve("tls"));
        PemFiles.createPrivateDirectory(dataDir.resolve("tls/custom"));
        PemFiles.writeCertificates(dataDir.resolve("tls/custom/server.crt"), List.of(server, root));
        PemFiles.writePrivateKey(dataDir.resolve("tls/custom/server.key"), serverKeys.getPrivate());

        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(AgentEndpoint.class).caFingerprint()).isEqualTo(TlsMaterial.fingerprint(root));
            assertThat(dataDir.resolve("tls/ca.key")).as("no CA made").doesNotExist();
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(VigieProperties.class)
    static class Properties {
    }
}
