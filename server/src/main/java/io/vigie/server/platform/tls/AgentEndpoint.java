package io.vigie.server.platform.tls;

import java.net.URI;

/**
 * The TLS port on which the control plane serves the agent API ({@code /agent/**}), and the trust
 * that agents place in it. Enrollment shows {@link #publicUrl()} and {@link #caFingerprint()}
 * with each token; the agent pins that fingerprint.
 */
public interface AgentEndpoint {

    /**
     * The port the agent connector is bound to; with {@code vigie.agent-api.port=0}, the free port
     * picked at start.
     *
     * @return the bound port
     * @throws IllegalStateException when the connector is not running (before the web server
     *     starts, after it stops, or in a test without an embedded web server)
     */
    int port();

    /**
     * The fingerprint that agents pin: of the control plane's CA certificate, or of the top
     * certificate of the operator-provided chain.
     *
     * @return {@code SHA256:} followed by the 64 lower-case hexadecimal digits of the SHA-256
     *     digest of the certificate's DER encoding
     */
    String caFingerprint();

    /**
     * The URL that agents use to reach this endpoint: {@code vigie.agent-api.public-url} when set,
     * else {@code https://<this machine's host name>:<port()>}.
     *
     * @return the URL, without a trailing path
     * @throws IllegalStateException when no URL is configured and the connector is not running
     */
    URI publicUrl();

    /**
     * Tells whether a request arrived on the agent port.
     *
     * @param localPort the local port of the connection, as {@code ServletRequest.getLocalPort()}
     * @return true when the agent connector is running and bound to that port
     */
    boolean isAgentPort(int localPort);
}
