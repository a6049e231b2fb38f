package io.vigie.server.agents;

/**
 * An agent message that cannot be accepted (a limit exceeded, a value out of range): it is listed
 * as rejected in the receipt with this message, and nothing of it is written.
 */
public class InvalidAgentMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param reason what is wrong, in English, naming the field */
    public InvalidAgentMessageException(String reason) {
        super(reason);
    }
}
