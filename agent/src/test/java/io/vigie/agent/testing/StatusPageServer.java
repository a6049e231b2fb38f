package io.vigie.agent.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's) serving one page at any path, as nginx's or
 * Apache's status page would be served; the page and its status code can change between rounds.
 */
public final class StatusPageServer implements AutoCloseable {

    private final HttpServer server;
    private volatile int status = 200;
    private volatile String body = "";
    private volatile String lastRequest = "";

    private StatusPageServer(HttpServer server) {
        this.server = server;
    }

    /** @return a started server */
    public static StatusPageServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        StatusPageServer page = new StatusPageServer(http);
        http.createContext("/", exchange -> {
            page.lastRequest = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            byte[] bytes = page.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(page.status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        http.start();
        return page;
    }

    /**
     * @param status the HTTP status to answer
     * @param body the page to answer
     * @return this server
     */
    public StatusPageServer serve(int status, String body) {
        this.status = status;
        this.body = body;
        return this;
    }

    /**
     * @param pathAndQuery e.g. {@code /server-status?auto}
     * @return the URL of that page on this server
     */
    public URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    /** @return the method and URI of the last request, e.g. {@code GET /nginx_status} */
    public String lastRequest() {
        return lastRequest;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
