package io.vigie.server.audit;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.vigie.server.users.CurrentUser;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail. Every change to a record is written here in the same transaction as the change
 * itself, so that there is never a change without its entry, nor an entry for a change that was
 * rolled back. Refusals that must leave a trace (failed logins, refused enrollments) are written in
 * a transaction of their own, since the refused operation writes nothing.
 */
@Service
public class AuditService {

    private final AuditRepository repository;
    private final JsonMapper json;
    private final Clock clock;

    AuditService(AuditRepository repository, JsonMapper json, Clock clock) {
        this.repository = repository;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records a change made by the current user (or the system when there is none).
     *
     * @param action dotted action name, e.g. {@code client.updated}
     * @param entityType kind of record
     * @param entityId its identifier
     * @param clientId the client owning the record, or null
     * @param before the record before (null for a creation)
     * @param after the record after (null for a deletion)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordChange(String action, String entityType, Object entityId, UUID clientId, Object before,
            Object after) {
        write(action, entityType, entityId, clientId, null, before, after, CurrentUser.get().orElse(null), null);
    }

    /**
     * Records an event in its own transaction, whatever happens to the caller's.
     *
     * @param action dotted action name, e.g. {@code auth.login.failed}
     * @param entityType kind of record, or null
     * @param entityId its identifier, or null
     * @param clientId the client concerned, or null
     * @param summary a short description (never a secret)
     * @param actor the user concerned, or null
     * @param actorLabel how to show the actor when {@code actor} is null
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordEvent(String action, String entityType, Object entityId, UUID clientId, String summary,
            CurrentUser actor, String actorLabel) {
        write(action, entityType, entityId, clientId, summary, null, null, actor, actorLabel);
    }

    private void write(String action, String entityType, Object entityId, UUID clientId, String summary,
            Object before, Object after, CurrentUser actor, String actorLabel) {
        String label = actor != null ? actor.email() : (actorLabel != null ? actorLabel : "system");
        repository.insert(new AuditEntry(0, clock.instant(), actor == null ? null : actor.id(), label, clientId,
                action, entityType, entityId == null ? null : entityId.toString(), summary, toJson(before),
                toJson(after), sourceIp()));
    }

    /**
     * Searches the trail. A client user sees only the entries of their own client.
     *
     * @param query the filters
     * @param viewer who asks
     * @return matching entries, newest first
     */
    @Transactional(readOnly = true)
    public List<AuditEntry> search(AuditQuery query, CurrentUser viewer) {
        return repository.search(query, viewer.restrictedToClient().orElse(null));
    }

    private String toJson(Object state) {
        return state == null ? null : json.writeValueAsString(state);
    }

    private static String sourceIp() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
            return attrs.getRequest().getRemoteAddr();
        }
        return null;
    }
}
