package io.vigie.server.platform;

/**
 * A resource does not exist, or the caller may not know that it exists: both answer 404, so that
 * a client user cannot probe for another client's identifiers.
 */
public class NotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param what the kind of resource, e.g. {@code server}
     * @param id the identifier asked for
     */
    public NotFoundException(String what, Object id) {
        super(what + " " + id + " not found");
    }
}
