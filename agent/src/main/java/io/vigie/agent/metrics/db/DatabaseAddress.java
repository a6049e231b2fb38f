package io.vigie.agent.metrics.db;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a local database server listens: a unix socket ({@code unix:/run/mysqld/mysqld.sock}) or a
 * loopback TCP address ({@code 127.0.0.1:3306}, {@code [::1]:5432}, {@code localhost}, the port
 * defaulting to the engine's). Only local addresses are accepted: the agent speaks to the server
 * without TLS, so a password must never cross a network.
 *
 * @param socket the unix socket's path, or empty for TCP
 * @param host the loopback host name or literal, or {@code null} for a unix socket
 * @param port the TCP port, or 0 for a unix socket
 */
public record DatabaseAddress(Optional<Path> socket, String host, int port) {

    private static final String UNIX = "unix:";

    /**
     * @param text {@code unix:/absolute/path}, or {@code host[:port]} with a loopback host
     *     ({@code localhost}, {@code 127.x.x.x}, {@code ::1} in brackets when a port follows)
     * @param defaultPort the port when the text names none
     * @return the address
     * @throws IllegalArgumentException when the text is malformed or not local
     */
    public static DatabaseAddress parse(String text, int defaultPort) {
        if (text.startsWith(UNIX)) {
            Path path = Path.of(text.substring(UNIX.length()));
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("'" + text + "': the socket path must be absolute, e.g. "
                        + "unix:/run/mysqld/mysqld.sock");
            }
            return new DatabaseAddress(Optional.of(path), null, 0);
        }
        String host = text;
        int port = defaultPort;
        int colon = text.lastIndexOf(':');
        boolean bracketed = text.startsWith("[");
        if (bracketed ? text.contains("]:") : colon >= 0 && text.indexOf(':') == colon) {
            host = text.substring(0, colon);
            port = port(text, text.substring(colon + 1));
        }
        if (bracketed) {
            if (!host.endsWith("]")) {
                throw new IllegalArgumentException("'" + text + "' is not an address (use [::1]:port)");
            }
            host = host.substring(1, host.length() - 1);
        }
        if (!isLoopback(host)) {
            throw new IllegalArgumentException("'" + text + "' is not a local address: use a unix socket "
                    + "(unix:/path) or a loopback address (127.0.0.1, [::1] or localhost), the agent connects "
                    + "without TLS");
        }
        return new DatabaseAddress(Optional.empty(), host, port);
    }

    /** @return the address to connect to (a host name is resolved now) */
    SocketAddress socketAddress() {
        return socket.<SocketAddress>map(UnixDomainSocketAddress::of).orElseGet(() -> new InetSocketAddress(host, port));
    }

    /** @return true for a unix socket, where the peer is known to be local and what is sent stays on the host */
    boolean isUnixSocket() {
        return socket.isPresent();
    }

    @Override
    public String toString() {
        return socket.map(path -> UNIX + path).orElseGet(() -> (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    private static int port(String text, String port) {
        try {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "': the port must be a number from 1 to 65535");
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
