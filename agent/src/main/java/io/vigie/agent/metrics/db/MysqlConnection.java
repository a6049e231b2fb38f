package io.vigie.agent.metrics.db;

import java.io.Closeable;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal client of the MySQL / MariaDB client-server protocol: the handshake (version 10),
 * authentication and text queries, nothing else (no TLS, no prepared statements, no compression).
 *
 * <p>Authentication plugins: {@code mysql_native_password}; {@code unix_socket} (MariaDB) and
 * {@code auth_socket} (MySQL), where the server trusts the peer's system user over a unix socket
 * and nothing is sent; {@code caching_sha2_password} (MySQL 8), whose fast path sends a scramble,
 * and whose full authentication, needed when the server has not cached the password, sends the
 * password itself: it is done over a unix socket only and refused over TCP, where it would need
 * TLS or the server's RSA key. The server may switch plugins ({@code AuthSwitchRequest}).
 */
final class MysqlConnection implements Closeable {

    /** The largest packet accepted: the answers read here are a few hundred bytes. */
    static final int MAX_PACKET = 64 * 1024;

    /** The most rows a query may return. */
    static final int MAX_ROWS = 100;

    private static final int CLIENT_LONG_PASSWORD = 0x1;
    private static final int CLIENT_PROTOCOL_41 = 0x200;
    private static final int CLIENT_TRANSACTIONS = 0x2000;
    private static final int CLIENT_SECURE_CONNECTION = 0x8000;
    private static final int CLIENT_PLUGIN_AUTH = 0x80000;
    private static final int REQUIRED = CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH;
    private static final int UTF8_GENERAL_CI = 33;
    private static final int OK = 0x00;
    private static final int MORE_DATA = 0x01;
    private static final int EOF = 0xFE;
    private static final int ERR = 0xFF;
    private static final int COM_QUIT = 0x01;
    private static final int COM_QUERY = 0x03;
    private static final int MAX_AUTH_ROUNDS = 4;
    private static final String NATIVE = "mysql_native_password";
    private static final String CACHING_SHA2 = "caching_sha2_password";

    private final Wire wire;
    private final DatabaseAddress address;
    private int sequence;

    private MysqlConnection(Wire wire, DatabaseAddress address) {
        this.wire = wire;
        this.address = address;
    }

    /**
     * Connects and authenticates.
     *
     * @param address the server
     * @param user the user
     * @param password the password, empty for none
     * @param timeout the longest wait for connecting and for each answer
     * @return the authenticated connection
     * @throws IOException when the server cannot be reached, refuses the user, or does not speak
     *     the protocol
     */
    static MysqlConnection open(DatabaseAddress address, String user, String password, Duration timeout)
            throws IOException {
        Wire wire = Wire.open(address, timeout);
        MysqlConnection connection = new MysqlConnection(wire, address);
        return wire.opening(() -> {
            connection.authenticate(user, password.getBytes(StandardCharsets.UTF_8));
            return connection;
        }, connection::malformed);
    }

    /**
     * @param sql a statement returning a result set
     * @return its rows, each a list of column values ({@code null} for SQL NULL)
     * @throws IOException when the server reports an error or the answer is malformed
     */
    List<List<String>> query(String sql) throws IOException {
        sequence = 0;
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        writePacket(ByteBuffer.allocate(1 + text.length).put((byte) COM_QUERY).put(text).array());
        return Wire.parsing(this::resultSet, this::malformed);
    }

    /** Reads a text result set: column count, column definitions, EOF, rows, EOF. */
    private List<List<String>> resultSet() throws IOException {
        ByteBuffer first = readPacket();
        int head = first.get(0) & 0xFF;
        if (head == ERR) {
            throw error(first);
        }
        if (head == OK) {
            return List.of();
        }
        long columns = lengthEncoded(first);
        if (columns < 1 || columns > MAX_PACKET) {
            throw malformed();
        }
        for (long i = 0; i < columns; i++) {
            readPacket();
        }
        if (!isEof(readPacket())) {
            throw malformed();
        }
        List<List<String>> rows = new ArrayList<>();
        for (ByteBuffer packet = readPacket(); !isEof(packet); packet = readPacket()) {
            if ((packet.get(0) & 0xFF) == ERR) {
                throw error(packet);
            }
            if (rows.size() == MAX_ROWS) {
                throw new ProtocolException("more than " + MAX_ROWS + " rows from " + address);
            }
            List<String> row = new ArrayList<>();
            for (long i = 0; i < columns; i++) {
                if ((packet.get(packet.position()) & 0xFF) == 0xFB) {
                    packet.get();
                    row.add(null);
                } else {
                    row.add(new String(Buffers.bytes(packet, lengthEncoded(packet)), StandardCharsets.UTF_8));
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * Says goodbye (COM_QUIT) and closes the connection. A goodbye that cannot be sent is no
     * error: the server ends the session when the connection closes anyway.
     */
    @Override
    public void close() throws IOException {
        try (wire) {
            sequence = 0;
            writePacket(new byte[] {COM_QUIT});
        } catch (IOException e) {
            // the connection is closed all the same
        }
    }

    private void authenticate(String user, byte[] password) throws IOException {
        ByteBuffer hello = readPacket();
        int version = hello.get() & 0xFF;
        if (version == ERR) {
            hello.position(0);
            throw error(hello);
        }
        if (version != 10) {
            throw new ProtocolException(address + " is not a MySQL or MariaDB server (handshake version " + version + ")");
        }
        Buffers.cString(hello);
        hello.getInt();
        byte[] seed = Buffers.bytes(hello, 8);
        hello.get();
        int capabilities = hello.getShort() & 0xFFFF;
        hello.get();
        hello.getShort();
        capabilities |= (hello.getShort() & 0xFFFF) << 16;
        int seedLength = hello.get() & 0xFF;
        if ((capabilities & REQUIRED) != REQUIRED) {
            throw new ProtocolException(address + " is too old a server (it lacks protocol 4.1 authentication)");
        }
        hello.position(hello.position() + 10);
        byte[] rest = Buffers.bytes(hello, Math.max(13, seedLength - 8));
        byte[] nonce = Buffers.concat(seed, Arrays.copyOf(rest, rest.length - 1));
        String plugin = Buffers.cString(hello);
        if (!plugin.equals(CACHING_SHA2)) {
            plugin = NATIVE;
        }

        byte[] userBytes = user.getBytes(StandardCharsets.UTF_8);
        byte[] response = scramble(plugin, nonce, password);
        byte[] pluginBytes = plugin.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer answer = ByteBuffer.allocate(32 + userBytes.length + 2 + response.length + pluginBytes.length + 1)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(CLIENT_LONG_PASSWORD | CLIENT_TRANSACTIONS | REQUIRED).putInt(MAX_PACKET)
                .put((byte) UTF8_GENERAL_CI).put(new byte[23])
                .put(userBytes).put((byte) 0).put((byte) response.length).put(response)
                .put(pluginBytes).put((byte) 0);
        writePacket(answer.array());

        for (int round = 0; round < MAX_AUTH_ROUNDS; round++) {
            ByteBuffer reply = readPacket();
            switch (reply.get() & 0xFF) {
                case OK -> {
                    return;
                }
                case ERR -> {
                    reply.position(0);
                    throw error(reply);
                }
                case EOF -> {
                    plugin = Buffers.cString(reply);
                    byte[] data = Buffers.bytes(reply, reply.remaining());
                    nonce = data.length > 0 && data[data.length - 1] == 0 ? Arrays.copyOf(data, data.length - 1) : data;
                    writePacket(scramble(plugin, nonce, password));
                }
                case MORE_DATA -> moreData(plugin, reply, password);
                default -> throw malformed();
            }
        }
        throw new ProtocolException("authentication with " + address + " did not end after " + MAX_AUTH_ROUNDS + " rounds");
    }

    /** caching_sha2_password's status: 3, the fast path succeeded (OK follows), 4, full authentication needed. */
    private void moreData(String plugin, ByteBuffer reply, byte[] password) throws IOException {
        int status = reply.hasRemaining() ? reply.get() & 0xFF : -1;
        if (!plugin.equals(CACHING_SHA2) || (status != 3 && status != 4)) {
            throw malformed();
        }
        if (status == 4) {
            // Over TCP, whatever listens on the port when the server is down would read the password.
            if (!wire.isUnixSocket()) {
                throw new IOException(address + " asks for the full caching_sha2_password authentication, which "
                        + "sends the password in clear: the agent does it over a unix socket only (set the address "
                        + "to unix:/path/to/mysqld.sock), or log in once with the mysql client so that the server "
                        + "caches the password");
            }
            writePacket(Buffers.concat(password, new byte[1]));
        }
    }

    /** @return the authentication response of a plugin to the server's nonce */
    private static byte[] scramble(String plugin, byte[] nonce, byte[] password) throws IOException {
        return switch (plugin) {
            case "unix_socket", "auth_socket" -> new byte[0];
            case NATIVE -> password.length == 0 ? new byte[0] : nativeScramble(nonce, password);
            case CACHING_SHA2 -> password.length == 0 ? new byte[0] : sha2Scramble(nonce, password);
            default -> throw new IOException("the server asks for the authentication plugin " + plugin
                    + ", which the agent does not support (use unix_socket, mysql_native_password or "
                    + "caching_sha2_password)");
        };
    }

    /** @return {@code SHA1(password) XOR SHA1(nonce, SHA1(SHA1(password)))} */
    static byte[] nativeScramble(byte[] nonce, byte[] password) {
        byte[] stage1 = Crypto.digest("SHA-1", password);
        return Crypto.xor(stage1, Crypto.digest("SHA-1", nonce, Crypto.digest("SHA-1", stage1)));
    }

    /** @return {@code SHA256(password) XOR SHA256(SHA256(SHA256(password)), nonce)} */
    static byte[] sha2Scramble(byte[] nonce, byte[] password) {
        byte[] stage1 = Crypto.digest("SHA-256", password);
        return Crypto.xor(stage1, Crypto.digest("SHA-256", Crypto.digest("SHA-256", stage1), nonce));
    }

    private ByteBuffer readPacket() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4);
        wire.readFully(header);
        int length = (header.get(0) & 0xFF) | (header.get(1) & 0xFF) << 8 | (header.get(2) & 0xFF) << 16;
        if (length == 0 || length > MAX_PACKET) {
            throw malformed();
        }
        sequence = (header.get(3) + 1) & 0xFF;
        ByteBuffer payload = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        wire.readFully(payload);
        return payload.flip();
    }

    private void writePacket(byte[] payload) throws IOException {
        int length = payload.length;
        ByteBuffer packet = ByteBuffer.allocate(4 + length)
                .put((byte) length).put((byte) (length >> 8)).put((byte) (length >> 16)).put((byte) sequence)
                .put(payload).flip();
        sequence = (sequence + 1) & 0xFF;
        wire.write(packet);
    }

    /** @return an ERR packet ({@code 0xFF}, code, optional {@code #SQLSTATE}, message) as an exception */
    private IOException error(ByteBuffer packet) {
        try {
            packet.get();
            int code = packet.getShort() & 0xFFFF;
            if (packet.hasRemaining() && packet.get(packet.position()) == '#') {
                packet.position(Math.min(packet.limit(), packet.position() + 6));
            }
            String message = new String(Buffers.bytes(packet, packet.remaining()), StandardCharsets.UTF_8);
            return new IOException(address + " refused: error " + code + ": " + message);
        } catch (BufferUnderflowException e) {
            return malformed();
        }
    }

    private ProtocolException malformed() {
        return new ProtocolException("malformed answer from " + address + ": not a MySQL or MariaDB server?");
    }

    private static boolean isEof(ByteBuffer packet) {
        return (packet.get(0) & 0xFF) == EOF && packet.limit() < 9;
    }

    /** @return a length-encoded integer, or -1 for a NULL or invalid marker */
    private static long lengthEncoded(ByteBuffer packet) {
        int first = packet.get() & 0xFF;
        return switch (first) {
            case 0xFC -> packet.getShort() & 0xFFFFL;
            case 0xFD -> (packet.getShort() & 0xFFFFL) | (packet.get() & 0xFFL) << 16;
            case 0xFE -> packet.getLong();
            case 0xFB, 0xFF -> -1;
            default -> first;
        };
    }
}
