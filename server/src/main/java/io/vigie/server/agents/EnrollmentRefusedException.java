package io.vigie.server.agents;

import org.springframework.http.HttpStatus;

/**
 * An enrollment token that cannot be used: unknown, already used, expired, or for a server that
 * was archived. The message is shown to whoever runs {@code vigie-agent enroll}.
 */
final class EnrollmentRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final HttpStatus status;

    EnrollmentRefusedException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
