package io.vigie.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.agent.testing.FakeControlPlane;
import io.vigie.agent.testing.TestPki;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class PinnedTrustManagerTest {

    private final TestPki pki = TestPki.create();

    @Test
    void acceptsAChainIssuedByThePinnedCertificate() {
        PinnedTrustManager trust = new PinnedTrustManager(pki.caFingerprint());

        assertThatCode(() -> trust.verify(pki.serverChain())).doesNotThrowAnyException();
        assertThat(trust.getAcceptedIssuers()).isEmpty();
    }

    @Test
    void acceptsAPinnedServerCertificate() {
        X509Certificate server = pki.serverChain()[0];

        assertThatCode(() -> new PinnedTrustManager(Fingerprint.of(server)).verify(new X509Certificate[] {server}))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAnotherChainNamingExpectedAndPresentedFingerprints() {
        TestPki other = TestPki.create();

        assertThatThrownBy(() -> new PinnedTrustManager(pki.caFingerprint()).verify(other.serverChain()))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("does not match the pinned fingerprint")
                .hasMessageContaining("expected " + pki.caFingerprint())
                .hasMessageContaining(other.caFingerprint().toString())
                .hasMessageContaining(Fingerprint.of(other.serverChain()[0]).toString());
    }

    @Test
    void refusesAnImpostorThatAppendsThePublicPinnedCertificate() {
        TestPki impostor = TestPki.impostorOf(pki);

        assertThatThrownBy(() -> new PinnedTrustManager(pki.caFingerprint()).verify(impostor.serverChain()))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("is not validly issued by the pinned certificate " + pki.caFingerprint());
    }

    @Test
    void refusesAnEmptyChainAndEveryClient() {
        PinnedTrustManager trust = new PinnedTrustManager(pki.caFingerprint());

        assertThatThrownBy(() -> trust.verify(new X509Certificate[0])).hasMessageContaining("no certificate");
        assertThatThrownBy(() -> trust.checkClientTrusted(pki.serverChain(), "EC"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void anHttpClientWithTheRightPinConnectsByAddressWithoutHostNameCheck() throws Exception {
        try (FakeControlPlane server = new FakeControlPlane(pki).start()) {
            int status = post(pki.caFingerprint(), server);

            // The server certificate names no host at all: only the pin made this connection.
            assertThat(status).isEqualTo(404);
        }
    }

    @Test
    void anHttpClientWithAnotherPinRefusesTheServer() {
        TestPki other = TestPki.create();
        try (FakeControlPlane server = new FakeControlPlane(pki).start()) {
            assertThatThrownBy(() -> post(other.caFingerprint(), server))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining("expected " + other.caFingerprint());
        }
    }

    @Test
    void anHttpClientRefusesAnImpostorPresentingThePinnedCa() {
        try (FakeControlPlane impostor = new FakeControlPlane(TestPki.impostorOf(pki)).start()) {
            assertThatThrownBy(() -> post(pki.caFingerprint(), impostor))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining("not validly issued");
        }
    }

    /** @return the status of a POST to a path the server does not serve */
    private static int post(Fingerprint pin, FakeControlPlane server) throws IOException, InterruptedException {
        try (TlsHttpClient client = PinnedTls.httpClient(pin, server.url())) {
            return client.post("/nothing", Map.of(), new byte[0]).status();
        }
    }
}
