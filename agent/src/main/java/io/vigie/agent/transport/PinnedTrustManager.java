package io.vigie.agent.transport;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server only through one pinned certificate, never through a trust store.
 *
 * <p>A chain is accepted when one of its certificates has the pinned fingerprint <em>and</em> the
 * certificates before it (from the server's own certificate up) form a valid PKIX path ending at
 * that pinned certificate, used as the only trust anchor. Finding the fingerprint anywhere in the
 * chain is not enough on its own: the pinned CA certificate is public, and anyone could append
 * it to a chain of their own; the signatures prove the server's certificate was issued by it.
 * When the pinned certificate is the server's own certificate, the TLS handshake already proves
 * possession of its key.
 *
 * <p>Host names are not checked (see {@code docs/agent-protocol.md}): the pin is a stronger proof,
 * and the agent may reach the control plane by any address. Client certificates are never
 * trusted. Revocation is not checked (the control plane's private CA publishes no CRL).
 */
public final class PinnedTrustManager extends X509ExtendedTrustManager {

    private final Fingerprint pin;

    /** @param pin the fingerprint a certificate of the server's chain must have */
    public PinnedTrustManager(Fingerprint pin) {
        this.pin = pin;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the agent trusts no client certificate");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    /**
     * @param chain the server's chain, its own certificate first
     * @throws CertificateException when the chain does not lead to the pinned certificate; the
     *     message names the expected and the presented fingerprints
     */
    void verify(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        int pinned = -1;
        for (int i = 0; i < chain.length && pinned < 0; i++) {
            if (pin.matches(chain[i])) {
                pinned = i;
            }
        }
        if (pinned < 0) {
            throw new CertificateException("server certificate does not match the pinned fingerprint: expected "
                    + pin + ", presented " + describe(chain));
        }
        if (pinned == 0) {
            chain[0].checkValidity();
            return;
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(chain[pinned], null)));
            parameters.setRevocationEnabled(false);
            List<X509Certificate> path = Arrays.asList(chain).subList(0, pinned);
            CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(path), parameters);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("server certificate " + Fingerprint.of(chain[0])
                    + " is not validly issued by the pinned certificate " + pin + ": " + e.getMessage(), e);
        }
    }

    private static String describe(X509Certificate[] chain) {
        return Arrays.stream(chain)
                .map(c -> Fingerprint.of(c) + " (" + c.getSubjectX500Principal().getName() + ")")
                .collect(Collectors.joining(", "));
    }
}
