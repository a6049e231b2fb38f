package io.vigie.server.platform;

import java.util.Optional;
import java.util.UUID;

/**
 * Parsing of identifiers that come from URLs and forms. A malformed identifier is treated like an
 * unknown one, so that it answers 404 and never 500.
 */
public final class Ids {

    private Ids() {
    }

    /**
     * @param text an identifier as received
     * @return the UUID, or empty when {@code text} is not one
     */
    public static Optional<UUID> parse(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
