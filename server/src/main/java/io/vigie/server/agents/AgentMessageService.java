package io.vigie.server.agents;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.BatchReceipt;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.MessageBatch;
import io.vigie.protocol.MessageType;
import io.vigie.server.platform.Ids;
import io.vigie.server.platform.Secrets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates agents and takes in their spooled messages. A batch is handled in one transaction;
 * each message is recorded by its idempotency key first, so a replayed message is reported as a
 * duplicate and has no effect: the agent's at-least-once delivery becomes exactly-once.
 */
@Service
class AgentMessageService {

    private static final Logger log = LoggerFactory.getLogger(AgentMessageService.class);

    private final AgentRepository repository;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<MessageType, AgentMessageHandler<Object>> handlers = new EnumMap<>(MessageType.class);

    @SuppressWarnings("unchecked")
    AgentMessageService(AgentRepository repository, JsonMapper json, Clock clock,
            List<AgentMessageHandler<?>> handlers) {
        this.repository = repository;
        this.json = json;
        this.clock = clock;
        handlers.forEach(h -> this.handlers.put(h.type(), (AgentMessageHandler<Object>) h));
        for (MessageType type : MessageType.values()) {
            if (!this.handlers.containsKey(type)) {
                throw new IllegalStateException("no AgentMessageHandler for message type " + type);
            }
        }
    }

    /**
     * @param authorization the {@code Authorization} header
     * @param address the caller's address
     * @return the active agent the credential belongs to, its last contact now updated
     */
    @Transactional
    Optional<Agent> authenticate(String authorization, String address) {
        String prefix = AgentProtocol.AUTH_SCHEME + " ";
        if (authorization == null || !authorization.startsWith(prefix)) {
            return Optional.empty();
        }
        String credential = authorization.substring(prefix.length()).strip();
        int dot = credential.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        Optional<Agent> agent = Ids.parse(credential.substring(0, dot)).flatMap(repository::find)
                .filter(a -> a.revokedAt() == null)
                .filter(a -> Secrets.sameHash(a.secretHash(), Secrets.hash(credential.substring(dot + 1))));
        agent.ifPresent(a -> repository.touch(a.id(), clock.instant(), address));
        return agent;
    }

    /**
     * Takes in a batch.
     *
     * @param agent the authenticated agent
     * @param batch the batch
     * @return which messages were accepted, duplicates or rejected
     */
    @Transactional
    BatchReceipt receive(Agent agent, MessageBatch batch) {
        Instant now = clock.instant();
        List<UUID> accepted = new ArrayList<>();
        List<UUID> duplicates = new ArrayList<>();
        List<BatchReceipt.Rejection> rejected = new ArrayList<>();
        if (batch.sentAt() != null) {
            // The batch left the agent just now (network time is negligible): the difference is its clock's.
            repository.updateClock(agent.id(), Duration.between(now, batch.sentAt()).toMillis(), now);
        }
        for (Envelope envelope : batch.messages()) {
            if (envelope == null || envelope.id() == null) {
                log.warn("agent={} message without id ignored", agent.id());
                continue;
            }
            Optional<MessageType> type = MessageType.fromWireName(envelope.type());
            if (type.isEmpty()) {
                log.warn("agent={} message={} rejected: unknown type {}", agent.id(), envelope.id(), envelope.type());
                rejected.add(new BatchReceipt.Rejection(envelope.id(), "unknown message type: " + envelope.type()));
                continue;
            }
            AgentMessageHandler<Object> handler = handlers.get(type.get());
            Object payload;
            try {
                payload = json.convertValue(envelope.payload(), type.get().payloadType());
                if (payload == null) {
                    throw new InvalidAgentMessageException("payload: required");
                }
                handler.validate(payload, now);
            } catch (JacksonException | IllegalArgumentException e) {
                log.warn("agent={} message={} rejected: malformed {} payload", agent.id(), envelope.id(), envelope.type());
                rejected.add(new BatchReceipt.Rejection(envelope.id(), "malformed payload for " + envelope.type()));
                continue;
            } catch (InvalidAgentMessageException e) {
                log.warn("agent={} message={} rejected: {}", agent.id(), envelope.id(), e.getMessage());
                rejected.add(new BatchReceipt.Rejection(envelope.id(), envelope.type() + ": " + e.getMessage()));
                continue;
            }
            Instant created = envelope.createdAt() == null ? now : envelope.createdAt();
            if (!repository.recordMessage(agent.id(), envelope.id(), envelope.type(), envelope.sequence(), created, now)) {
                duplicates.add(envelope.id());
                continue;
            }
            handler.handle(new ReceivedMessage<>(agent.serverId(), agent.id(), envelope.id(), payload, now));
            accepted.add(envelope.id());
        }
        return new BatchReceipt(accepted, duplicates, rejected);
    }
}
