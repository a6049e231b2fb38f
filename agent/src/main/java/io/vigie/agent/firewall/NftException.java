package io.vigie.agent.firewall;

import java.io.IOException;

/** nft could not be started, ran too long, or refused a script; the message holds its error output. */
public final class NftException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed, with nft's own words */
    public NftException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause the underlying failure
     */
    public NftException(String message, Throwable cause) {
        super(message, cause);
    }
}
