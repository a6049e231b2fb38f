package io.vigie.server.platform;

/**
 * Input that is well-formed but not acceptable (a SIREN with a wrong check digit, a contract of a
 * server of another client, ...). Answers 400 with a problem body that names the field.
 */
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String field;

    /**
     * @param field the name of the offending field as the caller sent it
     * @param message what is wrong with it, in English
     */
    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** @return the name of the offending field */
    public String field() {
        return field;
    }
}
