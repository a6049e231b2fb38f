package io.vigie.server.agents;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.protocol.EnrollmentRequest;
import io.vigie.protocol.EnrollmentResponse;
import io.vigie.server.audit.AuditService;
import io.vigie.server.platform.ConflictException;
import io.vigie.server.platform.Secrets;
import io.vigie.server.platform.VigieProperties;
import io.vigie.server.platform.tls.AgentEndpoint;
import io.vigie.server.servers.Server;
import io.vigie.server.servers.ServerService;
import io.vigie.server.users.CurrentUser;
import tools.jackson.databind.json.JsonMapper;

/**
 * Enrollment: an operator issues a one-time token for a server (valid 24 h, stored hashed); the
 * agent exchanges it, once, for its identity and a secret (also stored hashed). Enrolling again
 * revokes the server's previous agent. See {@code docs/agent-protocol.md}.
 */
@Service
public class EnrollmentService {

    /** Prefix of enrollment tokens. */
    static final String TOKEN_PREFIX = "vigenr_";

    private final AgentRepository repository;
    private final ServerService servers;
    private final AgentEndpoint endpoint;
    private final AuditService audit;
    private final VigieProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    EnrollmentService(AgentRepository repository, ServerService servers, AgentEndpoint endpoint, AuditService audit,
            VigieProperties properties, JsonMapper json, Clock clock) {
        this.repository = repository;
        this.servers = servers;
        this.endpoint = endpoint;
        this.audit = audit;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Issues a one-time enrollment token for a server.
     *
     * @param serverId the server
     * @param actor the operator, or null for the start script's local bootstrap
     * @return the token and the command to run, to be shown once
     */
    @Transactional
    public EnrollmentGrant issue(UUID serverId, CurrentUser actor) {
        Server server = actor == null ? servers.find(serverId).orElseThrow() : servers.get(serverId, actor);
        if (server.archivedAt() != null) {
            throw new ConflictException("this server is archived");
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.agentApi().enrollmentTokenValidity());
        String token = Secrets.newToken(TOKEN_PREFIX);
        UUID tokenId = UUID.randomUUID();
        repository.insertToken(tokenId, serverId, Secrets.hash(token), actor == null ? null : actor.id(), now, expiresAt);
        audit.recordChange("agent.enrollment-token.issued", "server", serverId, server.clientId(), null,
                java.util.Map.of("tokenId", tokenId, "expiresAt", expiresAt.toString()));
        String url = endpoint.publicUrl().toString();
        String fingerprint = endpoint.caFingerprint();
        String command = "sudo vigie-agent enroll --server " + url + " --token " + token + " --fingerprint " + fingerprint;
        return new EnrollmentGrant(serverId, token, expiresAt, url, fingerprint, command);
    }

    /**
     * Exchanges a token for an agent identity. Throws {@link EnrollmentRefusedException} (and
     * writes nothing) when the token cannot be used.
     *
     * @param request what the agent sent
     * @param address the agent's address
     * @return the agent's identity and secret
     */
    @Transactional
    EnrollmentResponse enroll(EnrollmentRequest request, String address) {
        if (request.token() == null || request.token().isBlank()) {
            throw new EnrollmentRefusedException(HttpStatus.BAD_REQUEST, "token: an enrollment token is required");
        }
        Instant now = clock.instant();
        var token = repository.findTokenForUpdate(Secrets.hash(request.token().strip()))
                .orElseThrow(() -> new EnrollmentRefusedException(HttpStatus.UNAUTHORIZED, "unknown enrollment token"));
        if (token.usedAt() != null) {
            throw new EnrollmentRefusedException(HttpStatus.CONFLICT, "enrollment token already used");
        }
        if (!token.expiresAt().isAfter(now)) {
            throw new EnrollmentRefusedException(HttpStatus.GONE, "enrollment token expired");
        }
        Server server = servers.find(token.serverId()).filter(s -> s.archivedAt() == null)
                .orElseThrow(() -> new EnrollmentRefusedException(HttpStatus.GONE, "the server of this token is archived"));
        UUID agentId = UUID.randomUUID();
        String secret = Secrets.newToken("");
        int revoked = repository.revokeActive(server.id(), now);
        String version = request.agentVersion() == null ? null : abbreviate(request.agentVersion(), 50);
        repository.insertAgent(agentId, server.id(), Secrets.hash(secret), version, now, address);
        repository.markTokenUsed(token.id(), agentId, now);
        if (request.facts() != null) {
            repository.updateFacts(agentId, json.writeValueAsString(request.facts()), now, version);
        }
        audit.recordChange("agent.enrolled", "server", server.id(), server.clientId(), null,
                java.util.Map.of("agentId", agentId, "address", String.valueOf(address), "previousAgentsRevoked", revoked));
        return new EnrollmentResponse(agentId, secret, server.id(), properties.agentApi().heartbeatInterval().toSeconds());
    }

    /**
     * Records a refused enrollment, in its own transaction since the refused one wrote nothing.
     *
     * @param reason why it was refused
     * @param address the caller's address
     */
    void recordRefusal(String reason, String address) {
        audit.recordEvent("agent.enrollment.refused", null, null, null, reason + " (from " + address + ")", null,
                "agent at " + address);
    }

    private static String abbreviate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
