package io.vigie.agent.transport;

import java.io.IOException;

/**
 * The control plane answered, but refused: any status other than 2xx. The message carries the
 * {@code detail} of the problem body (RFC 9457) when there is one, since that is what an
 * operator needs to read (for example {@code enrollment token expired}).
 */
public final class ControlPlaneException extends IOException {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /** The HTTP status. */
    private final int status;

    /** Why the control plane refused. */
    private final String detail;

    /**
     * @param status the HTTP status
     * @param detail the problem's detail, or a short excerpt of the body when it was not a problem
     */
    public ControlPlaneException(int status, String detail) {
        super("control plane answered " + status + ": " + detail);
        this.status = status;
        this.detail = detail;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return why the control plane refused, as it said it */
    public String detail() {
        return detail;
    }
}
