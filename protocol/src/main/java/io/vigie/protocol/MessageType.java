package io.vigie.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of message an agent sends through its spool, each with its payload type. A new
 * feature adds a constant here and a handler on the server.
 */
public enum MessageType {

    /** Liveness and host facts; payload {@link Heartbeat}. */
    HEARTBEAT("heartbeat", Heartbeat.class),

    /** One collection round of metric samples; payload {@link MetricSamples}. */
    METRICS("metrics", MetricSamples.class),

    /** A detection of the agent and the local ban it applied; payload {@link SecurityAlert}. */
    SECURITY_ALERT("security-alert", SecurityAlert.class);

    private final String wireName;
    private final Class<?> payloadType;

    MessageType(String wireName, Class<?> payloadType) {
        this.wireName = wireName;
        this.payloadType = payloadType;
    }

    /** @return the name used in {@link Envelope#type()} */
    public String wireName() {
        return wireName;
    }

    /** @return the record type of the payload */
    public Class<?> payloadType() {
        return payloadType;
    }

    /**
     * @param wireName a value of {@link Envelope#type()}
     * @return the matching type, or empty when this version does not know it
     */
    public static Optional<MessageType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }
}
