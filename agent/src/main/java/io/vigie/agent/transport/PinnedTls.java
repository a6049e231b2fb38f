package io.vigie.agent.transport;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Builds the TLS context and the HTTP client the agent uses to reach the control plane: trust
 * only through the pinned fingerprint ({@link PinnedTrustManager}), TLS 1.3 or 1.2, HTTP/1.1
 * ({@link TlsHttpClient}), connect timeout 10 s, request timeout 30 s, no redirects (the client
 * follows none: a redirect could only come from something that is not the control plane's agent
 * API).
 */
public final class PinnedTls {

    /** How long to wait for a TCP and TLS connection. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private PinnedTls() {
    }

    /**
     * @param pin the pinned fingerprint
     * @return a TLS context that trusts only chains leading to the pinned certificate
     */
    public static SSLContext context(Fingerprint pin) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new PinnedTrustManager(pin)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot make a TLS context", e);
        }
    }

    /**
     * @param pin the pinned fingerprint
     * @param serverUrl the control plane's agent API base, e.g. {@code https://cp.example:8443}
     * @return an HTTP client to that server whose TLS connections trust only the pinned certificate
     */
    public static TlsHttpClient httpClient(Fingerprint pin, URI serverUrl) {
        return new TlsHttpClient(context(pin), serverUrl, CONNECT_TIMEOUT, AgentClient.REQUEST_TIMEOUT);
    }
}
