package io.vigie.agent.detect;

/**
 * Receives the detections of the engine, on the engine's thread: the firewall bans the address,
 * the log records it. An implementation must return quickly and must not throw.
 */
public interface DetectionListener {

    /** @param detection a triggered scenario */
    void triggered(Detection detection);
}
