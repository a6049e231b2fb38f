package io.vigie.server.platform.tls;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.vigie.server.platform.VigieProperties;

/**
 * Wires the agent port: its TLS material (the operator's certificate from {@code <data>/tls/custom/}
 * when present, else the control plane's own CA under {@code <data>/tls/}), the {@link AgentEndpoint}
 * bean, the second Tomcat connector, the filter that keeps the two ports apart, and the renewal.
 *
 * <p>The TLS material is loaded while the context starts, so that a damaged CA stops the start-up
 * with a message naming the file rather than failing later on the first handshake.
 */
@Configuration(proxyBeanMethods = false)
class AgentTlsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AgentTlsConfiguration.class);

    @Bean
    AgentConnector agentEndpoint(VigieProperties properties, Clock clock) {
        VigieProperties.AgentApi api = properties.agentApi();
        Optional<URI> publicUrl = AgentConnector.parsePublicUrl(api.publicUrl());
        Optional<String> hostName = machineHostName();
        SubjectNames names = SubjectNames.forAgentEndpoint(hostName, publicUrl,
                api.hostnames() == null ? List.of() : api.hostnames());
        Path directory = properties.dataDir().resolve("tls");
        OperatorCertificate operator = new OperatorCertificate(directory.resolve("custom"), clock);
        CertificateAuthority authority = new CertificateAuthority(directory, names, clock, new CertificateIssuer());
        return new AgentConnector(() -> operator.isConfigured() ? operator.load() : authority.loadOrCreate(),
                api.port(), publicUrl, hostName.orElse("localhost"));
    }

    @Bean
    AgentConnectorCustomizer agentConnectorCustomizer(AgentConnector agentConnector) {
        return new AgentConnectorCustomizer(agentConnector);
    }

    @Bean
    FilterRegistrationBean<AgentPortFilter> agentPortFilter() {
        FilterRegistrationBean<AgentPortFilter> registration = new FilterRegistrationBean<>(new AgentPortFilter());
        registration.setName("agentPortFilter");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    AgentCertificateRenewal agentCertificateRenewal(AgentConnector agentConnector) {
        return new AgentCertificateRenewal(agentConnector);
    }

    @Bean
    ApplicationListener<WebServerInitializedEvent> agentPortAnnouncement(AgentConnector agentConnector) {
        return event -> {
            if (agentConnector.connector().getLocalPort() > 0) {
                log.info("agent API listening port={} url={} caFingerprint={} certificateNotAfter={}",
                        agentConnector.port(), agentConnector.publicUrl(), agentConnector.caFingerprint(),
                        agentConnector.material().leaf().getNotAfter().toInstant());
            }
        };
    }

    /** The machine's host name, or nothing when the system cannot tell (a broken resolver, say). */
    private static Optional<String> machineHostName() {
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException | RuntimeException e) {
            log.warn("cannot tell this machine's host name, left out of the agent port's certificate: {}",
                    e.toString());
            return Optional.empty();
        }
    }
}
