package io.vigie.protocol;

import java.util.List;

/**
 * A batch of spooled messages, oldest first, sent gzip-compressed to
 * {@link AgentProtocol#MESSAGES_PATH}.
 *
 * @param protocolVersion {@link AgentProtocol#VERSION} of the sender
 * @param messages at most {@link AgentProtocol#MAX_BATCH_MESSAGES} messages, in spool order
 */
public record MessageBatch(int protocolVersion, List<Envelope> messages) {
}
