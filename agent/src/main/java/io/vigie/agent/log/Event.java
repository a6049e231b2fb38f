package io.vigie.agent.log;

/**
 * Builds the text of a structured log line: {@code event=<name> key=value key="value with spaces"}.
 *
 * <p>Every log line of the agent is written through this class so that the journal can be
 * searched by key. Values are written as they are when they hold no blank, quote or equal sign,
 * quoted otherwise. Never pass a secret or a token as a value.
 */
public final class Event {

    private Event() {
    }

    /**
     * @param name the event name, dotted, e.g. {@code spool.truncated}
     * @param keyValues alternating keys and values; a {@code null} value prints as {@code -}
     * @return the message text
     * @throws IllegalArgumentException when the key-value list has an odd length
     */
    public static String of(String name, Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs: " + name);
        }
        StringBuilder line = new StringBuilder("event=").append(name);
        for (int i = 0; i < keyValues.length; i += 2) {
            line.append(' ').append(keyValues[i]).append('=').append(quote(keyValues[i + 1]));
        }
        return line.toString();
    }

    /**
     * @param value any value
     * @return the value as one token of a log line: bare when possible, quoted and escaped otherwise
     */
    public static String quote(Object value) {
        if (value == null) {
            return "-";
        }
        String text = value.toString();
        boolean bare = !text.isEmpty() && text.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '=' || c == '\\');
        if (bare) {
            return text;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
