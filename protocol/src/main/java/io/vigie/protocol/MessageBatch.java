package io.vigie.protocol;

import java.time.Instant;
import java.util.List;

/**
 * A batch of spooled messages, oldest first, sent gzip-compressed to
 * {@link AgentProtocol#MESSAGES_PATH}.
 *
 * @param protocolVersion {@link AgentProtocol#VERSION} of the sender
 * @param sentAt when the agent sent the batch, by its clock: the control plane compares it with
 *     its own to detect an agent's clock that is off (null from agents that do not say)
 * @param messages at most {@link AgentProtocol#MAX_BATCH_MESSAGES} messages, in spool order
 */
public record MessageBatch(int protocolVersion, Instant sentAt, List<Envelope> messages) {

    /**
     * A batch that does not say when it was sent.
     *
     * @param protocolVersion {@link AgentProtocol#VERSION} of the sender
     * @param messages the messages, in spool order
     */
    public MessageBatch(int protocolVersion, List<Envelope> messages) {
        this(protocolVersion, null, messages);
    }
}
