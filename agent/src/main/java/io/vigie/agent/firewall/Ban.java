package io.vigie.agent.firewall;

import java.time.Instant;
import java.util.Objects;

/**
 * One ban the agent enforces: what is blocked, until when, why and who decided it.
 *
 * <p>Invariants: no field is null; the reason is at most {@value #MAX_REASON} characters without
 * control characters (it is logged and stored, never written into an nft script).
 *
 * @param target the address or network blocked
 * @param expires when the ban ends
 * @param reason why, e.g. the detection rule's name
 * @param origin who decided it
 */
public record Ban(BanTarget target, Instant expires, String reason, Origin origin) {

    /** The longest reason kept. */
    public static final int MAX_REASON = 200;

    /** Who decided a ban. */
    public enum Origin {
        /** This agent's detection engine. */
        LOCAL,
        /** The control plane (a ban shared from another server, a manual ban, the full state). */
        CONTROL_PLANE
    }

    /** Checks the invariants; a long reason is cut, control characters become spaces. */
    public Ban {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(origin, "origin");
        String cleaned = Objects.requireNonNull(reason, "reason").replaceAll("\\p{Cntrl}", " ");
        reason = cleaned.length() > MAX_REASON ? cleaned.substring(0, MAX_REASON) : cleaned;
    }

    /**
     * @param now the current time
     * @return whether the ban has ended
     */
    public boolean expiredAt(Instant now) {
        return !expires.isAfter(now);
    }
}
