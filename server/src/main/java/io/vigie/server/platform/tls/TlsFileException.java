package io.vigie.server.platform.tls;

import java.nio.file.Path;

/**
 * A TLS file of the control plane that cannot be read, parsed or written. It stops the start-up
 * with a message that names the file: a broken CA must be repaired by the operator (usually by
 * restoring a backup), never replaced silently, because every enrolled agent pins it.
 */
final class TlsFileException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    TlsFileException(Path file, String problem) {
        this(file, problem, null);
    }

    TlsFileException(Path file, String problem, Throwable cause) {
        super("TLS file " + file.toAbsolutePath() + ": " + problem
                + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
        this.file = file.toAbsolutePath();
    }

    /** @return the absolute path of the file at fault */
    Path file() {
        return file;
    }
}
