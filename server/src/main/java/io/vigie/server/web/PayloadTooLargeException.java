package io.vigie.server.web;

import java.io.IOException;

/** Thrown while reading a request body that goes past the size limit; answers 413. */
final class PayloadTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    PayloadTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
    }
}
