package io.vigie.agent.transport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads HTTP/1.1 answers from one connection (RFC 9112): the status line, the header fields and
 * a body framed by {@code Content-Length}, by the chunked transfer coding, or by the end of the
 * connection. Every read waits at most until the request's deadline: the socket's read timeout
 * is set to the time left before each read, so a server that answers slowly, byte by byte,
 * cannot hold the agent longer than the deadline.
 *
 * <p>Anything malformed (a status line that is not HTTP/1.x, a header line without a colon, a
 * bad length or chunk size, an answer cut short) is an {@link IOException} saying what was
 * wrong; lines and bodies are bounded, so a broken server cannot exhaust the heap. Not
 * thread-safe: one reader per connection, used by one request at a time.
 */
final class HttpAnswerReader {

    /** One answer: its status and body, and whether the connection may carry another request. */
    record Answer(int status, byte[] body, boolean reusable) {
    }

    private static final int BUFFER_BYTES = 8 * 1024;
    private static final int MAX_LINE_BYTES = 8 * 1024;
    private static final int MAX_HEADER_FIELDS = 100;

    private final Socket socket;
    private final InputStream in;
    private final int maxBodyBytes;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private long deadline;
    private boolean started;

    /**
     * @param socket the connection, whose read timeout this reader sets
     * @param maxBodyBytes the largest body accepted
     * @throws IOException when the socket's input cannot be opened
     */
    HttpAnswerReader(Socket socket, int maxBodyBytes) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Reads the next final answer, skipping interim (1xx) ones.
     *
     * @param deadlineNanos the {@link System#nanoTime()} by which the whole answer must be read
     * @return the answer
     * @throws SocketTimeoutException when the deadline passes first
     * @throws IOException when the answer is malformed or the connection fails
     */
    Answer read(long deadlineNanos) throws IOException {
        this.deadline = deadlineNanos;
        Answer answer = finalAnswer();
        started = false;
        return answer;
    }

    /**
     * @return whether part of an answer has arrived and not all of it: until then, a failure may
     *     mean that the server closed an idle connection
     */
    boolean started() {
        return started;
    }

    private Answer finalAnswer() throws IOException {
        while (true) {
            String statusLine = line("status line");
            int status = status(statusLine);
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            Framing framing = headerFields(http10);
            if (status == 101) {
                throw new IOException("unexpected protocol switch (101) in the answer");
            }
            if (status < 200) {
                continue;
            }
            if (status == 204 || status == 304) {
                return new Answer(status, new byte[0], framing.keepAlive);
            }
            if (framing.chunked) {
                return new Answer(status, chunkedBody(), framing.keepAlive);
            }
            if (framing.length >= 0) {
                return new Answer(status, fixedBody(framing.length), framing.keepAlive);
            }
            return new Answer(status, bodyToTheEnd(), false);
        }
    }

    /** How the body is framed, from the header fields. */
    private static final class Framing {
        private long length = -1;
        private boolean chunked;
        private boolean keepAlive = true;
    }

    private static int status(String line) throws IOException {
        // HTTP-version SP 3DIGIT SP [reason-phrase]
        if (!(line.startsWith("HTTP/1.1 ") || line.startsWith("HTTP/1.0 ")) || line.length() < 12
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw malformed("status line", line);
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed("status line", line);
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100 || status > 599) {
            throw malformed("status line", line);
        }
        return status;
    }

    private Framing headerFields(boolean http10) throws IOException {
        Framing framing = new Framing();
        framing.keepAlive = !http10;
        boolean lengthSeen = false;
        for (int count = 0; ; count++) {
            String field = line("header field");
            if (field.isEmpty()) {
                break;
            }
            if (count == MAX_HEADER_FIELDS) {
                throw new IOException("more than " + MAX_HEADER_FIELDS + " header fields in the answer");
            }
            int colon = field.indexOf(':');
            if (colon <= 0 || field.charAt(0) == ' ' || field.charAt(0) == '\t'
                    || Character.isWhitespace(field.charAt(colon - 1))) {
                throw malformed("header field", field);
            }
            String name = field.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = field.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> {
                    long length = length(value, field);
                    if (lengthSeen && length != framing.length) {
                        throw malformed("header field (two different lengths)", field);
                    }
                    lengthSeen = true;
                    framing.length = length;
                }
                case "transfer-encoding" -> {
                    if (!value.equals("chunked")) {
                        throw new IOException("unsupported transfer coding in the answer: " + value);
                    }
                    framing.chunked = true;
                }
                case "connection" -> {
                    for (String option : value.split(",")) {
                        String token = option.strip();
                        if (token.equals("close")) {
                            framing.keepAlive = false;
                        } else if (token.equals("keep-alive") && http10) {
                            framing.keepAlive = true;
                        }
                    }
                }
                default -> {
                    // not needed to read the answer
                }
            }
        }
        if (framing.chunked && lengthSeen) {
            // RFC 9112 6.3: the transfer coding wins, and the connection must not be reused.
            framing.length = -1;
            framing.keepAlive = false;
        }
        return framing;
    }

    private long length(String value, String field) throws IOException {
        if (value.length() > 18 || !digits(value, 10)) {
            throw malformed("header field", field);
        }
        long length = Long.parseLong(value);
        if (length > maxBodyBytes) {
            throw tooLarge();
        }
        return length;
    }

    private byte[] fixedBody(long length) throws IOException {
        byte[] body = new byte[(int) length];
        int filled = 0;
        while (filled < body.length) {
            if (position == limit && !fill()) {
                throw new EOFException("answer cut short: " + filled + " of " + length + " bytes of the body");
            }
            int n = Math.min(limit - position, body.length - filled);
            System.arraycopy(buffer, position, body, filled, n);
            position += n;
            filled += n;
        }
        return body;
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line("chunk size");
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            if (hex.length() > 7 || !digits(hex, 16)) {
                throw malformed("chunk size", sizeLine);
            }
            int size = Integer.parseInt(hex, 16);
            if (size == 0) {
                break;
            }
            if (body.size() + (long) size > maxBodyBytes) {
                throw tooLarge();
            }
            body.writeBytes(fixedBody(size));
            String end = line("chunk end");
            if (!end.isEmpty()) {
                throw malformed("chunk end", end);
            }
        }
        for (int count = 0; !line("trailer field").isEmpty(); count++) {
            if (count == MAX_HEADER_FIELDS) {
                throw new IOException("more than " + MAX_HEADER_FIELDS + " trailer fields in the answer");
            }
        }
        return body.toByteArray();
    }

    private byte[] bodyToTheEnd() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (position < limit || fill()) {
            if (body.size() + (long) (limit - position) > maxBodyBytes) {
                throw tooLarge();
            }
            body.write(buffer, position, limit - position);
            position = limit;
        }
        return body.toByteArray();
    }

    /** @return the next line, without its CRLF (a bare LF is accepted, as RFC 9112 allows) */
    private String line(String what) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            if (position == limit && !fill()) {
                throw new EOFException(line.size() == 0 && !started
                        ? "connection closed before an answer" : "answer cut short in a " + what);
            }
            byte b = buffer[position++];
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() == MAX_LINE_BYTES) {
                throw new IOException(what + " longer than " + MAX_LINE_BYTES + " bytes in the answer");
            }
            line.write(b);
        }
    }

    /** @return false at the end of the connection */
    private boolean fill() throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("no answer in time");
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
        int n;
        try {
            n = in.read(buffer, 0, buffer.length);
        } catch (SocketTimeoutException e) {
            SocketTimeoutException timeout = new SocketTimeoutException("no answer in time");
            timeout.initCause(e);
            throw timeout;
        }
        if (n <= 0) {
            return false;
        }
        started = true;
        position = 0;
        limit = n;
        return true;
    }

    /** @return whether the text is one or more digits of the radix */
    private static boolean digits(String text, int radix) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), radix) < 0) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    private IOException tooLarge() {
        return new IOException("answer body larger than " + maxBodyBytes + " bytes");
    }

    private static IOException malformed(String what, String line) {
        String excerpt = line.length() > 100 ? line.substring(0, 100) + "..." : line;
        return new IOException("malformed " + what + " in the answer: " + excerpt.replaceAll("\\p{Cntrl}", "?"));
    }
}
