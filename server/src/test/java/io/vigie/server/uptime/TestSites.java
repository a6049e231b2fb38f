package io.vigie.server.uptime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * In-process web sites that uptime checks can watch, on 127.0.0.1: {@code /ok} (200 with a known
 * body), {@code /error} (500), {@code /slow} (answers after 3 s), {@code /script/<name>} (answers
 * the statuses given by {@link #script}, in order, then 200). {@link #https} serves {@code /ok}
 * over TLS with a certificate that expires in a given number of days.
 */
final class TestSites implements AutoCloseable, AfterAllCallback {

    /** The body of {@code /ok}. */
    static final String BODY = "<html><body>Bienvenue sur la boutique Vigie</body></html>";

    private final HttpServer server;
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final SSLContext clientTrust;

    private TestSites(HttpServer server, SSLContext clientTrust) {
        this.server = server;
        this.clientTrust = clientTrust;
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ok", exchange -> answer(exchange, 200, BODY));
        server.createContext("/error", exchange -> answer(exchange, 500, "boom"));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, BODY);
        });
        server.createContext("/script/", exchange -> {
            Deque<Integer> statuses = scripts.get(exchange.getRequestURI().getPath());
            Integer status = statuses == null ? null : statuses.poll();
            answer(exchange, status == null ? 200 : status, BODY);
        });
        server.start();
    }

    /** @return plain HTTP sites, stopped after the tests of a class that registers them as an extension */
    static TestSites http() {
        try {
            return new TestSites(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
                    null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param daysLeft how many days the certificate has left
     * @return HTTPS sites for 127.0.0.1
     */
    static TestSites https(int daysLeft) throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("EC").generateKeyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=127.0.0.1");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(daysLeft)).plusSeconds(3600)),
                name, keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        char[] password = "test".toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("site", keys.getPrivate(), password, new X509Certificate[] { certificate });
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, password);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("site", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trust.getTrustManagers(), null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        return new TestSites(server, clientContext);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * @param path a path under {@code /script/}
     * @param statuses the statuses of its next answers, in order; 200 afterwards
     * @return the URL of that path
     */
    String script(String path, Integer... statuses) {
        scripts.put(path, new ArrayDeque<>(java.util.List.of(statuses)));
        return url(path);
    }

    /**
     * @param path a path
     * @return its URL on these sites
     */
    String url(String path) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + port() + path;
    }

    /** @return the port */
    int port() {
        return server.getAddress().getPort();
    }

    /** @return the trust of HTTPS clients in the sites' certificate, or null for HTTP */
    SSLContext clientTrust() {
        return clientTrust;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
