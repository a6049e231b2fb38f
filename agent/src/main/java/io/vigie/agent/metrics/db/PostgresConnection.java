package io.vigie.agent.metrics.db;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A minimal client of the PostgreSQL frontend/backend protocol 3.0: the startup, authentication
 * and simple queries, nothing else (no TLS, no extended query protocol, no COPY).
 *
 * <p>Authentication: trust and peer (nothing asked), cleartext password (over a unix socket
 * only), MD5 and SCRAM-SHA-256 (without channel binding, the server's signature checked).
 * Kerberos, GSSAPI and SSPI are not supported. Addresses are local only ({@link DatabaseAddress}).
 */
final class PostgresConnection implements Closeable {

    /** The largest message accepted: the answers read here are a few hundred bytes. */
    static final int MAX_MESSAGE = 64 * 1024;

    /** The most rows a query may return. */
    static final int MAX_ROWS = 100;

    private static final int PROTOCOL_3_0 = 196_608;
    private static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Wire wire;
    private final DatabaseAddress address;

    private PostgresConnection(Wire wire, DatabaseAddress address) {
        this.wire = wire;
        this.address = address;
    }

    /**
     * Connects, authenticates and waits until the server is ready for a query.
     *
     * @param address the server
     * @param user the role
     * @param password the password, empty for none
     * @param database the database to connect to
     * @param timeout the longest wait for connecting and for each answer
     * @return the ready connection
     * @throws IOException when the server cannot be reached, refuses the role, or does not speak
     *     the protocol
     */
    static PostgresConnection open(DatabaseAddress address, String user, String password, String database,
                                   Duration timeout) throws IOException {
        Wire wire = Wire.open(address, timeout);
        PostgresConnection connection = new PostgresConnection(wire, address);
        return wire.opening(() -> {
            connection.startup(user, password, database);
            return connection;
        }, connection::malformed);
    }

    /**
     * @param sql one statement returning rows
     * @return its rows, each a list of column values as text ({@code null} for SQL NULL)
     * @throws IOException when the server reports an error or the answer is malformed
     */
    List<List<String>> query(String sql) throws IOException {
        send('Q', Buffers.cString(sql));
        return Wire.parsing(this::rows, this::malformed);
    }

    /** Reads the answer to a query up to ReadyForQuery: the data rows, or the error. */
    private List<List<String>> rows() throws IOException {
        List<List<String>> rows = new ArrayList<>();
        IOException error = null;
        for (Message message = read(); message.type != 'Z'; message = read()) {
            switch (message.type) {
                case 'D' -> {
                    if (rows.size() == MAX_ROWS) {
                        throw new ProtocolException("more than " + MAX_ROWS + " rows from " + address);
                    }
                    rows.add(row(message.body));
                }
                case 'E' -> error = error(message.body);
                case 'T', 'C', 'I', 'N', 'S' -> {
                    // row description, command complete, empty query, notice, parameter status
                }
                default -> throw malformed();
            }
        }
        if (error != null) {
            throw error;
        }
        return rows;
    }

    /**
     * Says goodbye (Terminate) and closes the connection. A goodbye that cannot be sent is no
     * error: the server ends the session when the connection closes anyway.
     */
    @Override
    public void close() throws IOException {
        try (wire) {
            send('X', new byte[0]);
        } catch (IOException e) {
            // the connection is closed all the same
        }
    }

    private void startup(String user, String password, String database) throws IOException {
        ByteArrayOutputStream parameters = new ByteArrayOutputStream();
        for (String text : new String[] {"user", user, "database", database, "application_name", "vigie-agent",
            "client_encoding", "UTF8"}) {
            parameters.writeBytes(Buffers.cString(text));
        }
        parameters.write(0);
        byte[] body = parameters.toByteArray();
        wire.write(ByteBuffer.allocate(8 + body.length).putInt(8 + body.length).putInt(PROTOCOL_3_0).put(body).flip());

        Scram scram = null;
        boolean scramVerified = false;
        for (Message message = read(); message.type != 'Z'; message = read()) {
            switch (message.type) {
                case 'E' -> throw error(message.body);
                case 'R' -> {
                    ByteBuffer request = message.body;
                    int code = request.getInt();
                    switch (code) {
                        case 0 -> {
                            if (scram != null && !scramVerified) {
                                throw new ProtocolException(address + " ended SCRAM without proving it knows the password");
                            }
                        }
                        case 3 -> send('p', Buffers.cString(cleartext(password)));
                        case 5 -> send('p', Buffers.cString(md5(user, requirePassword(password), Buffers.bytes(request, 4))));
                        case 10 -> {
                            if (!mechanisms(request).contains(SCRAM_SHA_256)) {
                                throw new IOException(address + " offers no SASL mechanism the agent supports ("
                                        + SCRAM_SHA_256 + " without channel binding)");
                            }
                            byte[] nonce = new byte[18];
                            RANDOM.nextBytes(nonce);
                            scram = new Scram("", requirePassword(password), Base64.getEncoder().encodeToString(nonce));
                            byte[] first = scram.clientFirst().getBytes(StandardCharsets.UTF_8);
                            byte[] mechanism = Buffers.cString(SCRAM_SHA_256);
                            send('p', ByteBuffer.allocate(mechanism.length + 4 + first.length)
                                    .put(mechanism).putInt(first.length).put(first).array());
                        }
                        case 11 -> send('p', expect(scram).clientFinal(text(request)).getBytes(StandardCharsets.UTF_8));
                        case 12 -> {
                            expect(scram).verify(text(request));
                            scramVerified = true;
                        }
                        default -> throw new IOException(address + " asks for an authentication method the agent "
                                + "does not support (code " + code + "; use trust, peer, password, md5 or scram-sha-256)");
                    }
                }
                case 'S', 'K', 'N' -> {
                    // parameter status, backend key, notice
                }
                default -> throw malformed();
            }
        }
    }

    private String requirePassword(String password) throws IOException {
        if (password.isEmpty()) {
            throw new IOException(address + " asks for a password and none is configured (password-file)");
        }
        return password;
    }

    /**
     * The password for the {@code password} method, which sends it as it is: over a unix socket
     * only, whose directory only the server's user can create sockets in. Over TCP, whatever
     * listens on the port when the server is down (any local user may bind an unprivileged port)
     * would read it.
     */
    private String cleartext(String password) throws IOException {
        if (!wire.isUnixSocket()) {
            throw new IOException(address + " asks for the password in clear, which the agent sends over a unix "
                    + "socket only: use the socket address, or md5 or scram-sha-256 in pg_hba.conf");
        }
        return requirePassword(password);
    }

    private Scram expect(Scram scram) throws ProtocolException {
        if (scram == null) {
            throw malformed();
        }
        return scram;
    }

    /** @return {@code "md5" + md5hex(md5hex(password + user) + salt)} */
    static String md5(String user, String password, byte[] salt) {
        HexFormat hex = HexFormat.of();
        String inner = hex.formatHex(Crypto.digest("MD5", password.getBytes(StandardCharsets.UTF_8),
                user.getBytes(StandardCharsets.UTF_8)));
        return "md5" + hex.formatHex(Crypto.digest("MD5", inner.getBytes(StandardCharsets.US_ASCII), salt));
    }

    private static List<String> mechanisms(ByteBuffer request) {
        List<String> mechanisms = new ArrayList<>();
        for (String name = Buffers.cString(request); !name.isEmpty(); name = Buffers.cString(request)) {
            mechanisms.add(name);
        }
        return mechanisms;
    }

    private static List<String> row(ByteBuffer body) {
        int columns = body.getShort() & 0xFFFF;
        List<String> row = new ArrayList<>(columns);
        for (int i = 0; i < columns; i++) {
            int length = body.getInt();
            row.add(length < 0 ? null : new String(Buffers.bytes(body, length), StandardCharsets.UTF_8));
        }
        return row;
    }

    /** @return an ErrorResponse ({@code S} severity, {@code C} SQLSTATE, {@code M} message fields) as an exception */
    private IOException error(ByteBuffer body) {
        String severity = "ERROR";
        String code = "";
        String message = "";
        for (int field = body.get(); field != 0; field = body.get()) {
            String value = Buffers.cString(body);
            switch (field) {
                case 'V' -> severity = value;
                case 'C' -> code = value;
                case 'M' -> message = value;
                default -> {
                    // detail, hint, position...: not needed
                }
            }
        }
        return new IOException(address + " refused: " + severity + " " + code + ": " + message);
    }

    private void send(char type, byte[] body) throws IOException {
        wire.write(ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).flip());
    }

    private Message read() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(5);
        wire.readFully(header);
        int length = header.getInt(1);
        if (length < 4 || length - 4 > MAX_MESSAGE) {
            throw malformed();
        }
        ByteBuffer body = ByteBuffer.allocate(length - 4);
        wire.readFully(body);
        return new Message((char) header.get(0), body.flip());
    }

    private ProtocolException malformed() {
        return new ProtocolException("malformed answer from " + address + ": not a PostgreSQL server?");
    }

    private static String text(ByteBuffer body) {
        return new String(Buffers.bytes(body, body.remaining()), StandardCharsets.UTF_8);
    }

    /** One backend message: its type byte and its body. */
    private record Message(char type, ByteBuffer body) {
    }
}
