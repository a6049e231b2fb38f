package io.vigie.server.platform.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.vigie.server.platform.VigieProperties;

/**
 * Boots the real agent connector in an embedded Tomcat, beside a main connector guarded by Spring
 * Security, with nothing else of the control plane (no database): what agents and operators see on
 * each port, through real TLS handshakes with a client that trusts only the CA.
 */
@SpringBootTest(classes = AgentConnectorTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vigie.agent-api.port=0", "vigie.agent-api.hostnames=cp.test,192.0.2.1",
            "server.address=127.0.0.1", "spring.threads.virtual.enabled=true"})
@DirtiesContext
class AgentConnectorTest {

    /**
     * The certificates start their life 720 days ago, so that a renewal can be triggered by
     * setting the clock to the real present, where the JDK client, which checks validity against
     * the real time, accepts them all.
     */
    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofDays(720));

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("vigie.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int mainPort;

    @Autowired
    AgentEndpoint endpoint;

    @Autowired
    AgentConnector agentConnector;

    @Autowired
    AgentCertificateRenewal renewal;

    @Autowired
    MutableClock clock;

    @Test
    void aClientTrustingOnlyTheCaCompletesATls13Handshake() throws Exception {
        X509Certificate ca = PemFiles.readCertificates(dataDir.resolve("tls/ca.crt")).getFirst();

        SSLSession session = handshake(trusting(ca), "TLSv1.3", "TLSv1.2");

        assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
        Certificate[] chain = session.getPeerCertificates();
        assertThat(chain).hasSize(2);
        assertThat(chain[1]).isEqualTo(ca);
        assertThat(TlsMaterial.fingerprint((X509Certificate) chain[1])).isEqualTo(endpoint.caFingerprint());
        assertThat(endpoint.caFingerprint()).matches("SHA256:[0-9a-f]{64}");
    }

    @Test
    void acceptsTls12() throws Exception {
        X509Certificate ca = PemFiles.readCertificates(dataDir.resolve("tls/ca.crt")).getFirst();

        assertThat(handshake(trusting(ca), "TLSv1.2").getProtocol()).isEqualTo("TLSv1.2");
    }

    @Test
    void aClientWithTheSystemTrustStoreRefusesThePrivateCa() {
        HttpClient client = HttpClient.newHttpClient();

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(agentUri("/agent/v1/probe")).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void theAgentPortServesOnlyTheAgentApi() throws Exception {
        HttpClient client = agentClient();

        HttpResponse<String> agent = get(client, agentUri("/agent/v1/probe"));
        assertThat(agent.statusCode()).isEqualTo(200);
        assertThat(agent.body()).isEqualTo("agent");
        assertThat(get(client, agentUri("/agent/v1/thread")).body()).as("shares the main connector's executor")
                .isEqualTo("virtual");

        for (String path : new String[] {"/login", "/private", "/", "/agent/../login"}) {
            HttpResponse<String> other = get(client, agentUri(path));
            assertThat(other.statusCode()).as(path).isEqualTo(404);
            assertThat(other.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(other.body()).as(path).contains("\"status\":404").contains("only the agent API");
        }
    }

    @Test
    void theMainPortDoesNotServeTheAgentApi() throws Exception {
        HttpClient client = HttpClient.newHttpClient();

        HttpResponse<String> agent = get(client, mainUri("/agent/v1/probe"));
        assertThat(agent.statusCode()).isEqualTo(404);
        assertThat(agent.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(agent.body()).contains("\"status\":404").contains("only on the agent port");

        assertThat(get(client, mainUri("/login")).body()).isEqualTo("login");
        assertThat(get(client, mainUri("/private")).statusCode()).as("Spring Security guards the main port")
                .isEqualTo(401);
    }

    @Test
    void describesItsEndpoint() throws Exception {
        int agentPort = endpoint.port();

        assertThat(agentPort).isPositive().isNotEqualTo(mainPort);
        assertThat(endpoint.isAgentPort(agentPort)).isTrue();
        assertThat(endpoint.isAgentPort(mainPort)).isFalse();
        assertThat(endpoint.publicUrl().getScheme()).isEqualTo("https");
        assertThat(endpoint.publicUrl().getPort()).isEqualTo(agentPort);
        assertThat(((AbstractProtocol<?>) agentConnector.connector().getProtocolHandler()).getAddress())
                .as("bound like the main connector").isEqualTo(InetAddress.getByName("127.0.0.1"));
        X509Certificate server = agentConnector.material().leaf();
        assertThat(SubjectNames.forAgentEndpoint(Optional.empty(), Optional.empty(),
                List.of("cp.test", "192.0.2.1")).coveredBy(server)).isTrue();
    }

    @Test
    void servesARenewedCertificateWithoutARestart() throws Exception {
        X509Certificate ca = PemFiles.readCertificates(dataDir.resolve("tls/ca.crt")).getFirst();
        X509Certificate before = (X509Certificate) handshake(trusting(ca), "TLSv1.3").getPeerCertificates()[0];
        String fingerprint = endpoint.caFingerprint();

        clock.set(Instant.now());
        assertThat(renewal.check()).isTrue();
        assertThat(renewal.check()).as("nothing more to do").isFalse();

        X509Certificate after = (X509Certificate) handshake(trusting(ca), "TLSv1.3").getPeerCertificates()[0];
        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertThat(after.getNotAfter()).isAfter(before.getNotAfter());
        assertThat(endpoint.caFingerprint()).isEqualTo(fingerprint);
        assertThat(get(agentClient(), agentUri("/agent/v1/probe")).statusCode()).isEqualTo(200);
    }

    private SSLSession handshake(SSLContext context, String... protocols) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", endpoint.port())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(protocols);
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket.getSession();
        }
    }

    private static SSLContext trusting(X509Certificate ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("vigie-ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private HttpClient agentClient() throws Exception {
        X509Certificate ca = PemFiles.readCertificates(dataDir.resolve("tls/ca.crt")).getFirst();
        return HttpClient.newBuilder().sslContext(trusting(ca)).build();
    }

    private URI agentUri(String path) {
        return URI.create("https://localhost:" + endpoint.port() + path);
    }

    private URI mainUri(String path) {
        return URI.create("http://localhost:" + mainPort + path);
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(VigieProperties.class)
    @ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
            SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
            SecurityFilterAutoConfiguration.class})
    @Import({AgentTlsConfiguration.class, Probe.class})
    static class Application {

        @Bean
        MutableClock clock() {
            return new MutableClock(LONG_AGO);
        }

        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests
                            .requestMatchers("/agent/**", "/login").permitAll()
                            .anyRequest().authenticated())
                    .httpBasic(Customizer.withDefaults())
                    .build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager();
        }
    }

    /** Stands for the real controllers: one agent endpoint, a login page, and a guarded page. */
    @RestController
    static class Probe {

        @GetMapping("/agent/v1/probe")
        String agent() {
            return "agent";
        }

        @GetMapping("/agent/v1/thread")
        String thread() {
            return Thread.currentThread().isVirtual() ? "virtual" : "platform";
        }

        @GetMapping("/login")
        String login() {
            return "login";
        }

        @GetMapping("/private")
        String guarded() {
            return "private";
        }
    }
}
