package io.vigie.agent.metrics.db;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A connection to a local database server, over a unix socket or TCP, where connecting and every
 * read or write waits at most a timeout: a server that hangs, or a peer that is not a database
 * server and says nothing, costs the round that much and no more. The channel is non-blocking and
 * waited on with a selector, the only way the JDK offers timeouts on unix sockets.
 */
final class Wire implements Closeable {

    private final DatabaseAddress address;
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final long timeoutNanos;

    private Wire(DatabaseAddress address, SocketChannel channel, Selector selector, long timeoutNanos)
            throws IOException {
        this.address = address;
        this.channel = channel;
        this.selector = selector;
        this.key = channel.register(selector, 0);
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * @param address the server's address
     * @param timeout the longest wait for connecting, and for each read or write
     * @return the connected wire
     * @throws IOException when the server cannot be reached in time
     */
    static Wire open(DatabaseAddress address, Duration timeout) throws IOException {
        SocketChannel channel = address.isUnixSocket() ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            selector = Selector.open();
            Wire wire = new Wire(address, channel, selector, timeout.toNanos());
            try {
                if (!channel.connect(address.socketAddress())) {
                    wire.await(SelectionKey.OP_CONNECT, "connecting");
                    channel.finishConnect();
                }
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
            }
            return wire;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    /** One exchange of messages with the server. */
    interface Exchange<T> {
        /**
         * @return what the exchange reads
         * @throws IOException when it fails
         */
        T run() throws IOException;
    }

    /**
     * Runs an exchange whose messages are parsed with {@link Buffers}: a message whose fields
     * claim more bytes than it holds becomes the given exception.
     *
     * @param exchange the exchange
     * @param malformed the exception for a malformed message
     * @return what the exchange reads
     * @throws IOException when the exchange fails
     */
    static <T> T parsing(Exchange<T> exchange, Supplier<ProtocolException> malformed) throws IOException {
        try {
            return exchange.run();
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw malformed.get();
        }
    }

    /**
     * Runs the opening exchange (startup, authentication) {@link #parsing parsing} its messages,
     * and closes the wire if it fails.
     *
     * @param exchange the exchange
     * @param malformed the exception for a malformed message
     * @return what the exchange returns: the connection
     * @throws IOException when the exchange fails
     */
    <T> T opening(Exchange<T> exchange, Supplier<ProtocolException> malformed) throws IOException {
        try {
            return parsing(exchange, malformed);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** @return true over a unix socket: what is sent does not leave the host */
    boolean isUnixSocket() {
        return address.isUnixSocket();
    }

    /**
     * Fills the buffer from the connection.
     *
     * @param buffer the buffer, filled up to its limit
     * @throws EOFException when the server closes the connection first
     * @throws SocketTimeoutException when the server sends nothing for the timeout
     */
    void readFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer);
            if (read < 0) {
                throw new EOFException("connection closed by " + address);
            }
            if (read == 0) {
                await(SelectionKey.OP_READ, "waiting for an answer");
            }
        }
    }

    /**
     * @param buffer what to send, from its position to its limit
     * @throws IOException when the connection fails or the server does not read for the timeout
     */
    void write(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                await(SelectionKey.OP_WRITE, "sending");
            }
        }
    }

    private void await(int operation, String doing) throws IOException {
        key.interestOps(operation);
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            for (long left = timeoutNanos; left > 0; left = deadline - System.nanoTime()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while " + doing);
                }
                selector.selectedKeys().clear();
                if (selector.select(Math.max(1, left / 1_000_000)) > 0) {
                    return;
                }
            }
            throw new SocketTimeoutException("no answer from " + address + " within "
                    + timeoutNanos / 1_000_000 + " ms (" + doing + ")");
        } finally {
            key.interestOps(0);
        }
    }

    @Override
    public void close() throws IOException {
        try (selector) {
            channel.close();
        }
    }
}
