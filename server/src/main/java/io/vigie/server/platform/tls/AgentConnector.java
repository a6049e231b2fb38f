package io.vigie.server.platform.tls;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.jsse.JSSEImplementation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tomcat connector of the agent port: HTTPS only (TLS 1.3 and 1.2), with the key and chain of
 * {@link TlsMaterial} held in an in-memory PKCS#12 key store whose password is random and never
 * leaves the process.
 *
 * <p>Invariants: {@link #port()} answers only while the connector is bound; the material served
 * and the fingerprint answered are the same object, swapped together by {@link #refresh()} (which
 * makes new handshakes use a renewed certificate without a restart).
 */
final class AgentConnector implements AgentEndpoint {

    private static final Logger log = LoggerFactory.getLogger(AgentConnector.class);

    private final Supplier<TlsMaterial> source;
    private final int configuredPort;
    private final Optional<URI> configuredUrl;
    private final String hostName;
    private final String keyStorePassword = randomPassword();
    private final Connector connector;
    private final SSLHostConfig hostConfig = new SSLHostConfig();
    private final SSLHostConfigCertificate certificate;
    private volatile TlsMaterial material;

    /**
     * @param source loads the TLS material; called now, and again by {@link #refresh()}
     * @param configuredPort {@code vigie.agent-api.port}; 0 picks a free port
     * @param configuredUrl {@code vigie.agent-api.public-url}, if set
     * @param hostName this machine's host name, for the default public URL
     */
    AgentConnector(Supplier<TlsMaterial> source, int configuredPort, Optional<URI> configuredUrl, String hostName) {
        this.source = source;
        this.configuredPort = configuredPort;
        this.configuredUrl = configuredUrl;
        this.hostName = hostName;
        this.material = source.get();
        this.certificate = new SSLHostConfigCertificate(hostConfig, SSLHostConfigCertificate.Type.UNDEFINED);
        this.connector = newConnector();
    }

    private Connector newConnector() {
        Connector tomcatConnector = new Connector(Http11NioProtocol.class.getName());
        tomcatConnector.setPort(configuredPort);
        tomcatConnector.setScheme("https");
        tomcatConnector.setSecure(true);
        Http11NioProtocol protocol = (Http11NioProtocol) tomcatConnector.getProtocolHandler();
        protocol.setSSLEnabled(true);
        protocol.setSslImplementationName(JSSEImplementation.class.getName());
        hostConfig.setProtocols("+TLSv1.3,+TLSv1.2");
        certificate.setCertificateKeystore(material.keyStore(keyStorePassword.toCharArray()));
        certificate.setCertificateKeystorePassword(keyStorePassword);
        certificate.setCertificateKeyPassword(keyStorePassword);
        certificate.setCertificateKeyAlias(TlsMaterial.KEY_ALIAS);
        hostConfig.addCertificate(certificate);
        protocol.addSslHostConfig(hostConfig);
        return tomcatConnector;
    }

    /** @return the Tomcat connector, to be added to the embedded Tomcat once */
    Connector connector() {
        return connector;
    }

    /** @return {@code vigie.agent-api.port} as configured (0: any free port) */
    int configuredPort() {
        return configuredPort;
    }

    /** @return the material currently served */
    TlsMaterial material() {
        return material;
    }

    @Override
    public int port() {
        int port = connector.getLocalPort();
        if (port <= 0) {
            throw new IllegalStateException("the agent port is not bound: the web server is not running");
        }
        return port;
    }

    @Override
    public String caFingerprint() {
        return material.pinnedFingerprint();
    }

    @Override
    public URI publicUrl() {
        if (configuredUrl.isPresent()) {
            return configuredUrl.get();
        }
        try {
            return new URI("https", null, hostName, port(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot make the agent URL from the host name " + hostName, e);
        }
    }

    @Override
    public boolean isAgentPort(int localPort) {
        int port = connector.getLocalPort();
        return port > 0 && port == localPort;
    }

    /**
     * Loads the TLS material again and, when the server certificate changed (renewed, or replaced
     * by the operator), serves the new one to new handshakes. Established connections keep theirs.
     *
     * @return true when the served certificate changed
     */
    synchronized boolean refresh() {
        TlsMaterial fresh = source.get();
        TlsMaterial served = material;
        if (fresh.chain().equals(served.chain())) {
            return false;
        }
        if (!fresh.pinned().equals(served.pinned())) {
            log.warn("the pinned certificate of the agent port changed from {} to {}: enrolled agents will refuse "
                    + "to connect until enrolled again", served.pinnedFingerprint(), fresh.pinnedFingerprint());
        }
        certificate.setCertificateKeystore(fresh.keyStore(keyStorePassword.toCharArray()));
        if (connector.getLocalPort() > 0) {
            ((Http11NioProtocol) connector.getProtocolHandler()).reloadSslHostConfig(hostConfig.getHostName());
        }
        material = fresh; // only once served: a failed reload is tried again at the next refresh
        log.info("the agent port now serves the TLS certificate valid until {}",
                fresh.leaf().getNotAfter().toInstant());
        return true;
    }

    /**
     * Parses {@code vigie.agent-api.public-url}.
     *
     * @param value the setting; blank means not set
     * @return the URL, if set
     * @throws IllegalArgumentException naming the setting when it is not an https URL with a host
     */
    static Optional<URI> parsePublicUrl(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI url = new URI(value.strip());
            if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("vigie.agent-api.public-url must be an https:// URL with a host, "
                        + "got \"" + value + "\"");
            }
            return Optional.of(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("vigie.agent-api.public-url is not a URL: \"" + value + "\"", e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
