package io.vigie.server.agents;

import java.time.Instant;

import io.vigie.protocol.MessageType;

/**
 * Takes in the messages of one type that agents send through their spool. Each feature that
 * receives agent messages (heartbeats, metrics, ...) declares one as a Spring bean;
 * {@link AgentMessageService} finds it by {@link #type()}.
 *
 * <p>A message is first {@linkplain #validate validated}, before anything is written: an invalid
 * one is rejected whole and listed as rejected in the agent's receipt. Then its idempotency key is
 * recorded, and only a message seen for the first time is {@linkplain #handle handled}, in the
 * same transaction.
 *
 * @param <T> the payload type of {@link #type()}
 */
public interface AgentMessageHandler<T> {

    /** @return the message type handled */
    MessageType type();

    /**
     * @param payload the message's payload
     * @param receivedAt when the control plane received it
     * @throws InvalidAgentMessageException if the message cannot be accepted; nothing is written
     */
    default void validate(T payload, Instant receivedAt) {
    }

    /**
     * Takes in a valid message seen for the first time.
     *
     * @param message the message, with its server and agent
     */
    void handle(ReceivedMessage<T> message);
}
