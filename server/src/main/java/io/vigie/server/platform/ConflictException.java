package io.vigie.server.platform;

/**
 * The request is valid but clashes with the current state (a reference already taken, a change
 * to an archived record). Answers 409.
 */
public class ConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what clashes, in English */
    public ConflictException(String message) {
        super(message);
    }
}
