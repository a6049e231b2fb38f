package io.vigie.agent.detect;

import io.vigie.agent.transport.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One entry of {@code journalctl --output=json}, rebuilt as the syslog-like line the rules'
 * patterns expect: {@code <SYSLOG_IDENTIFIER>[<_PID>]: <MESSAGE>}, as rsyslog writes it after
 * the date and host ({@code sshd[812]: Failed password for root from 203.0.113.5 port 22 ssh2}).
 *
 * <p>Field values come as journalctl writes them: a string; an array of numbers (0-255) for a
 * value that is not valid UTF-8 or holds control characters; an array of such values when the
 * field occurs more than once (the first counts). Invariants: {@code line} is at most
 * {@link FollowedFile#MAX_LINE} bytes (a longer one is cut, as a file line is); {@code cursor} is
 * never {@code null}; {@code unit} is the trusted {@code _SYSTEMD_UNIT} field (set by journald
 * from the process's control group, not by the process), or {@code null}.
 *
 * @param unit the unit of the process that logged the entry, or {@code null}
 * @param cursor the entry's position in the journal
 * @param line the rebuilt line, UTF-8
 */
record JournalEntry(String unit, String cursor, byte[] line) {

    /** Thrown for a line that is not a journal entry. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /**
     * @param json one line of journalctl's output
     * @param length its length in bytes
     * @return the entry, or {@code null} for an entry without a message
     * @throws Malformed when the line is not a JSON object with a cursor
     */
    static JournalEntry parse(byte[] json, int length) throws Malformed {
        JsonNode node;
        try {
            node = Json.mapper().readTree(Arrays.copyOf(json, length));
        } catch (JacksonException e) {
            throw new Malformed(e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new Malformed("not a JSON object");
        }
        String cursor = text(node.get("__CURSOR"));
        if (cursor == null) {
            throw new Malformed("no __CURSOR field");
        }
        byte[] message = bytes(node.get("MESSAGE"));
        if (message == null) {
            return null;
        }
        String identifier = first(text(node.get("SYSLOG_IDENTIFIER")), text(node.get("_COMM")));
        String pid = first(text(node.get("_PID")), text(node.get("SYSLOG_PID")));
        ByteArrayOutputStream line = new ByteArrayOutputStream(message.length + 32);
        if (identifier != null) {
            line.writeBytes(identifier.getBytes(StandardCharsets.UTF_8));
            if (pid != null) {
                line.writeBytes(("[" + pid + "]").getBytes(StandardCharsets.UTF_8));
            }
            line.writeBytes(": ".getBytes(StandardCharsets.UTF_8));
        }
        line.write(message, 0, Math.min(message.length, FollowedFile.MAX_LINE - line.size()));
        return new JournalEntry(text(node.get("_SYSTEMD_UNIT")), cursor, line.toByteArray());
    }

    private static String first(String value, String otherwise) {
        return value != null ? value : otherwise;
    }

    /** @return a field's value as text (binary values decoded, malformed bytes as U+FFFD), or {@code null} */
    private static String text(JsonNode value) {
        byte[] bytes = bytes(value);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** @return a field's value as bytes, or {@code null} when absent, {@code null} or of another type */
    private static byte[] bytes(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isString()) {
            return value.stringValue().getBytes(StandardCharsets.UTF_8);
        }
        if (!value.isArray() || value.isEmpty()) {
            return null;
        }
        if (!value.get(0).isIntegralNumber()) {
            return bytes(value.get(0));
        }
        byte[] bytes = new byte[value.size()];
        for (int i = 0; i < bytes.length; i++) {
            JsonNode element = value.get(i);
            if (!element.isIntegralNumber() || element.intValue() < 0 || element.intValue() > 255) {
                return null;
            }
            bytes[i] = (byte) element.intValue();
        }
        return bytes;
    }
}
