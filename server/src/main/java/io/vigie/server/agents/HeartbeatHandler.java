package io.vigie.server.agents;

import java.time.Instant;

import org.springframework.stereotype.Component;

import io.vigie.protocol.Heartbeat;
import io.vigie.protocol.MessageType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Heartbeats: each is recorded as evidence that the host was alive, and the facts of the most
 * recent one (by observation time) become the server's facts.
 */
@Component
class HeartbeatHandler implements AgentMessageHandler<Heartbeat> {

    private final AgentRepository repository;
    private final JsonMapper json;

    HeartbeatHandler(AgentRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    @Override
    public MessageType type() {
        return MessageType.HEARTBEAT;
    }

    @Override
    public void handle(ReceivedMessage<Heartbeat> message) {
        Heartbeat heartbeat = message.payload();
        Instant observed = heartbeat.observedAt() == null ? message.receivedAt() : heartbeat.observedAt();
        repository.insertHeartbeat(message.serverId(), message.agentId(), message.messageId(), observed,
                message.receivedAt());
        if (heartbeat.facts() != null) {
            repository.updateFacts(message.agentId(), json.writeValueAsString(heartbeat.facts()), observed,
                    heartbeat.facts().agentVersion());
        }
    }
}
