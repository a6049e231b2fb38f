package io.vigie.agent.log;

import java.util.logging.LogManager;

/**
 * The java.util.logging manager of the agent process: the standard one, except that
 * {@link #reset()} keeps the handlers.
 *
 * <p>Why: the standard manager registers a JVM shutdown hook that resets (closes and removes)
 * every handler, and shutdown hooks run concurrently. Without this class the lines the agent
 * logs while it stops on SIGTERM ({@code event=agent.stopped}) would be lost at random. The agent
 * sets its handlers itself ({@link AgentLogging#configure}) and never needs a reset. Installed by
 * {@link AgentLogging#install()} through the {@code java.util.logging.manager} system property,
 * before anything logs.
 */
public final class AgentLogManager extends LogManager {

    /** Called by {@link LogManager} through reflection. */
    public AgentLogManager() {
        super();
    }

    /** Does nothing: handlers stay until the JVM ends, so shutdown can still be logged. */
    @Override
    public void reset() {
        // Deliberately empty; see the class comment.
    }
}
