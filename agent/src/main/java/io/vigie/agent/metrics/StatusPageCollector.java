package io.vigie.agent.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A collector of a web server's status page, fetched each round over plain HTTP on this host
 * with {@link HttpURLConnection} (of {@code java.base}: no HTTP client thread for two small
 * GETs a minute): 2 s to connect, 2 s to read, no proxy, no redirect, at most
 * {@link #MAX_BYTES}. A page that cannot be fetched (server down, not HTTP 200) or does not
 * parse fails the collector for the round with a message naming why; {@link Metrics} logs it.
 */
abstract class StatusPageCollector extends NamedCollector {

    /** Connect and read timeout, each. */
    static final int TIMEOUT_MILLIS = 2000;

    /** A status page is a few hundred bytes (Apache's scoreboard: a byte per worker). */
    static final int MAX_BYTES = 64 * 1024;

    private final URI url;

    /**
     * @param name the collector's name, for logs
     * @param url the status page
     */
    StatusPageCollector(String name, URI url) {
        super(name);
        this.url = url;
    }

    @Override
    public final void collect(SampleSink sink) throws IOException {
        parse(fetch(), sink);
    }

    /**
     * @param page the status page
     * @param sink where its samples go
     * @throws IOException when the page is not the status page expected, naming what is wrong
     */
    abstract void parse(String page, SampleSink sink) throws IOException;

    /** @return a failure to report: the page at {@link #url} is not what it should be */
    final IOException malformed(String why) {
        return new IOException("malformed status page " + url + ": " + why);
    }

    private String fetch() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection(Proxy.NO_PROXY);
        try {
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException("HTTP " + status + " from " + url);
            }
            try (InputStream in = connection.getInputStream()) {
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES) {
                    throw malformed("larger than " + MAX_BYTES + " bytes");
                }
                return new String(body, StandardCharsets.UTF_8);
            }
        } finally {
            connection.disconnect();
        }
    }
}
