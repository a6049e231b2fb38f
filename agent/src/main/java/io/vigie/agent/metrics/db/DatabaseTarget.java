package io.vigie.agent.metrics.db;

import io.vigie.agent.metrics.Collector;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Optional;

/**
 * A database server whose connections the agent reports, as configured by the
 * {@code <engine>.address}, {@code <engine>.user} and {@code <engine>.password-file} keys
 * ({@code docs/agent-installation.md}).
 *
 * @param engine which server
 * @param address where it listens, local only
 * @param user the user (role) the agent logs in as
 * @param passwordFile the file holding its password, or empty when the server asks none
 *     (unix_socket, peer, trust)
 */
public record DatabaseTarget(Engine engine, DatabaseAddress address, String user, Optional<Path> passwordFile) {

    /** The user when none is configured: the agent's system user, which socket authentication recognises. */
    public static final String DEFAULT_USER = "vigie-agent";

    /** The longest wait for connecting to the server, and for each of its answers. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** The servers the agent knows, with their configuration prefix and default port. */
    public enum Engine {
        /** MySQL and MariaDB. */
        MYSQL("mysql", 3306),
        /** PostgreSQL. */
        POSTGRESQL("postgresql", 5432);

        private final String prefix;
        private final int defaultPort;

        Engine(String prefix, int defaultPort) {
            this.prefix = prefix;
            this.defaultPort = defaultPort;
        }

        /**
         * @param setting {@code address}, {@code user} or {@code password-file}
         * @return the configuration key, e.g. {@code mysql.address}
         */
        public String key(String setting) {
            return prefix + "." + setting;
        }

        /** @return the TCP port when the address names none */
        public int defaultPort() {
            return defaultPort;
        }
    }

    /** @return the collector of this server's connections, named after the engine's prefix */
    public Collector collector() {
        return switch (engine) {
            case MYSQL -> new MysqlCollector(this);
            case POSTGRESQL -> new PostgresqlCollector(this);
        };
    }

    /** @return the collector's name in logs: {@code mysql} or {@code postgresql} */
    String name() {
        return engine.prefix;
    }

    /**
     * @param value a value the server answered
     * @param what what it is, for the message
     * @return the value as a number
     * @throws ProtocolException when it is missing or not a number
     */
    double number(String value, String what) throws ProtocolException {
        if (value != null) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new ProtocolException(address + " answered no number for " + what + ": " + value);
    }

    /**
     * Reads the password now, so that a changed file is used from the next round on.
     *
     * @return the password file's content without its final line break, or "" without a file
     * @throws IOException when the file cannot be read, or anyone may read it
     */
    String password() throws IOException {
        if (passwordFile.isEmpty()) {
            return "";
        }
        Path file = passwordFile.get();
        if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
            throw new IOException("the password file " + file + " is readable by everyone: make it "
                    + "root:vigie-agent 0640 (chmod o-rwx " + file + ")");
        }
        String content = Files.readString(file, StandardCharsets.UTF_8);
        if (content.endsWith("\n")) {
            content = content.substring(0, content.length() - (content.endsWith("\r\n") ? 2 : 1));
        }
        return content;
    }
}
