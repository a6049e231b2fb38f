package io.vigie.server.agents;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.protocol.HostFacts;
import io.vigie.server.platform.VigieProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether each server's agent is online, derived at read time from its last contact: online while
 * the last contact is younger than three heartbeat intervals, offline after. Deriving it means no
 * job has to flip a flag, and the answer is right on every node of a cluster.
 */
@Service
public class AgentStatusService {

    private final AgentRepository repository;
    private final VigieProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    AgentStatusService(AgentRepository repository, VigieProperties properties, JsonMapper json, Clock clock) {
        this.repository = repository;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param serverIds servers the caller may already see
     * @return the status of each, NOT_ENROLLED for those without an active agent
     */
    @Transactional(readOnly = true)
    public Map<UUID, AgentStatus> statuses(Collection<UUID> serverIds) {
        Instant now = clock.instant();
        Map<UUID, AgentStatus> result = new HashMap<>();
        serverIds.forEach(id -> result.put(id, new AgentStatus(id, AgentStatus.State.NOT_ENROLLED, null, null, null,
                null, null, null, null)));
        for (Agent agent : repository.activeForServers(serverIds)) {
            boolean online = agent.lastContactAt() != null
                    && agent.lastContactAt().isAfter(now.minus(properties.agentApi().offlineAfter()));
            HostFacts facts = agent.facts() == null ? null : json.readValue(agent.facts(), HostFacts.class);
            result.put(agent.serverId(), new AgentStatus(agent.serverId(),
                    online ? AgentStatus.State.ONLINE : AgentStatus.State.OFFLINE, agent.id(), agent.agentVersion(),
                    agent.enrolledAt(), agent.lastContactAt(), facts, agent.factsObservedAt(),
                    agent.clockSkewMillis() == null ? null : Duration.ofMillis(agent.clockSkewMillis())));
        }
        return result;
    }

    /**
     * @param serverId a server the caller may already see
     * @return its agent's status
     */
    @Transactional(readOnly = true)
    public AgentStatus status(UUID serverId) {
        return statuses(java.util.List.of(serverId)).get(serverId);
    }
}
