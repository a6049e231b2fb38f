package io.vigie.server.security;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.server.users.CurrentUser;

/**
 * The security hub's reads (docs/security-hub.md): the detections the agents reported, per client.
 * Decisions and their propagation come next.
 */
@Service
public class SecurityService {

    /** Most alerts one list returns. */
    static final int MAX_LIST = 500;

    private final SecurityRepository repository;

    SecurityService(SecurityRepository repository) {
        this.repository = repository;
    }

    /**
     * @param viewer who asks
     * @param clientId optional filter (staff)
     * @return the newest alerts the viewer may see
     */
    @Transactional(readOnly = true)
    public List<SecurityAlertRecord> alerts(CurrentUser viewer, UUID clientId) {
        UUID scope = viewer.restrictedToClient().orElse(clientId);
        if (!viewer.isStaff() && clientId != null && !clientId.equals(scope)) {
            return List.of();
        }
        return repository.list(scope, MAX_LIST);
    }
}
