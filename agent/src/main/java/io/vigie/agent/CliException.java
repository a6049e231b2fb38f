package io.vigie.agent;

/**
 * Ends a command with a message for the operator and an exit code, instead of a stack trace.
 * Codes: {@link #FAILURE} (1) when the command could not do its job (refused, unreachable, not
 * enrolled), {@link #USAGE} (2) when the command line or the configuration is wrong.
 */
public final class CliException extends Exception {

    /** The command ran but failed. */
    public static final int FAILURE = 1;

    /** The command line or the configuration is wrong. */
    public static final int USAGE = 2;

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /** The process exit code. */
    private final int exitCode;

    /**
     * @param exitCode {@link #FAILURE} or {@link #USAGE}
     * @param message what the operator reads, in one line
     */
    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** @return the process exit code */
    public int exitCode() {
        return exitCode;
    }

    /** @return a usage error (exit code 2) */
    static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    /** @return a failure (exit code 1) */
    static CliException failure(String message) {
        return new CliException(FAILURE, message);
    }
}
