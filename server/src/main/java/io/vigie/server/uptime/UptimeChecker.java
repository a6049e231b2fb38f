package io.vigie.server.uptime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.vigie.server.platform.IpAddresses;

/**
 * Runs one attempt of a monitor's check with the JDK alone (docs/uptime.md): HTTP(S) with
 * {@link HttpClient} (status, keyword in the first MiB of the body, certificate expiry; redirects
 * not followed), TCP connect, DNS resolution. Each attempt is bounded by the monitor's timeout and
 * never throws: every failure, interruption included, is a failed result with its reason.
 */
@Component
class UptimeChecker {

    /** How much of an HTTP body is read and searched for the keyword. */
    static final int MAX_BODY = 1 << 20;
    private static final int MAX_ERROR = 500;
    private static final Executor VIRTUAL = task -> Thread.ofVirtual().name("uptime-dns").start(task);

    private final HttpClient http;
    private final Clock clock;

    @Autowired
    UptimeChecker(Clock clock) {
        this(clock, null);
    }

    /**
     * @param clock the time of results
     * @param tls the trust of HTTPS checks; null for the JDK's default trust store
     */
    UptimeChecker(Clock clock, SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30)).executor(task -> Thread.ofVirtual().start(task));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.clock = clock;
    }

    /**
     * @param monitor the monitor
     * @return the result of one attempt, numbered 1
     */
    CheckResult check(Monitor monitor) {
        Instant at = clock.instant();
        try {
            return switch (monitor.type()) {
                case HTTP -> http(monitor, at);
                case TCP -> tcp(monitor, at);
                case DNS -> dns(monitor, at);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.failure(at, "interrupted");
        } catch (TimeoutException e) {
            return CheckResult.failure(at, "no answer within " + monitor.timeoutSeconds() + " s");
        } catch (ExecutionException e) {
            return CheckResult.failure(at, describe(e.getCause(), monitor));
        } catch (IOException | RuntimeException e) {
            return CheckResult.failure(at, describe(e, monitor));
        }
    }

    private CheckResult http(Monitor m, Instant at) throws InterruptedException, ExecutionException, TimeoutException {
        URI url = MonitorTargets.httpUrl(m.target());
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(m.timeoutSeconds()))
                .header("User-Agent", "Vigie-Uptime/1").GET().build();
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, info -> new Truncating(MAX_BODY));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(m.timeoutSeconds(), TimeUnit.SECONDS);
        } finally {
            exchange.cancel(true);
        }
        int millis = millisSince(start);
        int status = response.statusCode();
        Integer certDays = response.sslSession().map(session -> daysLeft(session, at)).orElse(null);
        String error = null;
        if (!MonitorTargets.accepts(m.expectedStatus(), status)) {
            error = "HTTP status " + status + " is not among " + m.expectedStatus();
        } else if (m.keyword() != null && !new String(response.body(), StandardCharsets.UTF_8).contains(m.keyword())) {
            error = "keyword \"" + m.keyword() + "\" not found in the first MiB of the body";
        } else if (certDays != null && m.certWarningDays() > 0 && certDays < m.certWarningDays()) {
            error = "the certificate expires in " + certDays + " days (warning below " + m.certWarningDays() + ")";
        }
        return new CheckResult(at, 1, error == null, millis, status, error, certDays);
    }

    private static CheckResult tcp(Monitor m, Instant at) throws IOException {
        InetSocketAddress address = MonitorTargets.tcpAddress(m.target());
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()),
                    m.timeoutSeconds() * 1000);
        }
        return new CheckResult(at, 1, true, millisSince(start), null, null, null);
    }

    private static CheckResult dns(Monitor m, Instant at)
            throws InterruptedException, ExecutionException, TimeoutException {
        String name = MonitorTargets.dnsName(m.target());
        long start = System.nanoTime();
        CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getAllByName(name);
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }, VIRTUAL);
        InetAddress[] answers = lookup.get(m.timeoutSeconds(), TimeUnit.SECONDS);
        int millis = millisSince(start);
        if (m.expectedAddress() != null) {
            String expected = IpAddresses.canonical(m.expectedAddress());
            boolean found = Arrays.stream(answers).anyMatch(a -> IpAddresses.canonical(a.getHostAddress()).equals(expected));
            if (!found) {
                return new CheckResult(at, 1, false, millis, null, name + " resolves to "
                        + Arrays.stream(answers).map(InetAddress::getHostAddress).toList() + ", not " + expected, null);
            }
        }
        return new CheckResult(at, 1, true, millis, null, null, null);
    }

    private static Integer daysLeft(SSLSession session, Instant now) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate certificate) {
                return (int) Duration.between(now, certificate.getNotAfter().toInstant()).toDays();
            }
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
        return null;
    }

    private static int millisSince(long startNanos) {
        return (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private static String describe(Throwable e, Monitor m) {
        String reason = switch (e) {
            case HttpConnectTimeoutException _ -> "connection timed out";
            case HttpTimeoutException _ -> "no answer within " + m.timeoutSeconds() + " s";
            case SocketTimeoutException _ -> "connection timed out";
            case ConnectException _ -> "connection refused";
            case NoRouteToHostException _ -> "no route to host";
            case UnknownHostException t -> "unknown host " + (t.getMessage() == null ? "" : t.getMessage());
            case SSLException t -> "TLS failure: " + t.getMessage();
            case IllegalArgumentException t -> "invalid target: " + t.getMessage();
            default -> e.getCause() != null && e.getCause() != e && e.getMessage() == null ? describe(e.getCause(), m)
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        };
        return reason.length() > MAX_ERROR ? reason.substring(0, MAX_ERROR) : reason;
    }

    /** Keeps the first bytes of a body, up to a limit, then stops reading. */
    private static final class Truncating implements HttpResponse.BodySubscriber<byte[]> {

        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Truncating(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer buffer : items) {
                int n = Math.min(buffer.remaining(), limit - bytes.size());
                byte[] chunk = new byte[n];
                buffer.get(chunk);
                bytes.write(chunk, 0, n);
            }
            if (bytes.size() >= limit && !body.isDone()) {
                body.complete(bytes.toByteArray());
                subscription.cancel();
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
