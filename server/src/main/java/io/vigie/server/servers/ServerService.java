package io.vigie.server.servers;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.server.audit.AuditService;
import io.vigie.server.clients.ClientService;
import io.vigie.server.contracts.Contract;
import io.vigie.server.contracts.ContractService;
import io.vigie.server.platform.ConflictException;
import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.platform.IpAddresses;
import io.vigie.server.platform.NotFoundException;
import io.vigie.server.users.CurrentUser;

/**
 * The inventory of managed servers (HW-1). Staff create and change servers; a client user sees
 * their own. A server may only be covered by a contract of its own client.
 */
@Service
public class ServerService {

    private final ServerRepository repository;
    private final ClientService clients;
    private final ContractService contracts;
    private final AuditService audit;
    private final Clock clock;

    ServerService(ServerRepository repository, ClientService clients, ContractService contracts, AuditService audit,
            Clock clock) {
        this.repository = repository;
        this.clients = clients;
        this.contracts = contracts;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param viewer who asks
     * @param clientId optional filter
     * @param contractId optional filter
     * @param includeArchived whether to include archived servers
     * @return the servers the viewer may see
     */
    @Transactional(readOnly = true)
    public List<Server> list(CurrentUser viewer, UUID clientId, UUID contractId, boolean includeArchived) {
        UUID scope = viewer.restrictedToClient().orElse(clientId);
        if (!viewer.isStaff() && clientId != null && !clientId.equals(scope)) {
            return List.of();
        }
        return repository.list(scope, contractId, includeArchived);
    }

    /**
     * @return every server not archived, for the control plane's own jobs (alert evaluation)
     */
    @Transactional(readOnly = true)
    public List<Server> active() {
        return repository.list(null, null, false);
    }

    /**
     * @param id a server id
     * @param viewer who asks
     * @return the server, if the viewer may see it
     */
    @Transactional(readOnly = true)
    public Server get(UUID id, CurrentUser viewer) {
        return repository.find(id).filter(s -> viewer.canSee(s.clientId()))
                .orElseThrow(() -> new NotFoundException("server", id));
    }

    /**
     * @param id a server id
     * @return the server, for features that check a reference (no tenant filter)
     */
    @Transactional(readOnly = true)
    public Optional<Server> find(UUID id) {
        return repository.find(id);
    }

    /**
     * Creates a server.
     *
     * @param details what the operator entered
     * @return the server
     */
    @Transactional
    public Server create(ServerDetails details) {
        if (clients.find(details.clientId()).filter(c -> c.archivedAt() == null).isEmpty()) {
            throw new InvalidInputException("clientId", "unknown or archived client");
        }
        Instant now = clock.instant();
        Server server = build(UUID.randomUUID(), details.clientId(), details, now, now, null);
        repository.insert(server);
        audit.recordChange("server.created", "server", server.id(), server.clientId(), null, server);
        return server;
    }

    /**
     * Changes a server.
     *
     * @param id the server
     * @param details the new details; the client cannot change
     * @param viewer who changes it
     * @return the server after the change
     */
    @Transactional
    public Server update(UUID id, ServerDetails details, CurrentUser viewer) {
        Server before = get(id, viewer);
        if (!before.clientId().equals(details.clientId())) {
            throw new InvalidInputException("clientId", "a server cannot move to another client");
        }
        if (before.archivedAt() != null) {
            throw new ConflictException("this server is archived");
        }
        Server after = build(id, before.clientId(), details, before.createdAt(), clock.instant(), null);
        repository.update(after);
        audit.recordChange("server.updated", "server", id, after.clientId(), before, after);
        return after;
    }

    /**
     * Archives a server: it leaves the lists, its history stays.
     *
     * @param id the server
     * @param viewer who archives it
     * @return the archived server
     */
    @Transactional
    public Server archive(UUID id, CurrentUser viewer) {
        Server before = get(id, viewer);
        if (before.archivedAt() != null) {
            return before;
        }
        Instant now = clock.instant();
        Server after = new Server(before.id(), before.clientId(), before.contractId(), before.hostname(), before.role(),
                before.supplier(), before.supplierReference(), before.datacenter(), before.model(), before.publicIps(),
                before.notes(), before.createdAt(), now, now);
        repository.update(after);
        audit.recordChange("server.archived", "server", id, after.clientId(), before, after);
        return after;
    }

    private Server build(UUID id, UUID clientId, ServerDetails d, Instant created, Instant updated, Instant archived) {
        if (d.contractId() != null) {
            Contract contract = contracts.find(d.contractId())
                    .orElseThrow(() -> new InvalidInputException("contractId", "unknown contract"));
            if (!contract.clientId().equals(clientId)) {
                throw new InvalidInputException("contractId", "the contract belongs to another client");
            }
        }
        return new Server(id, clientId, d.contractId(), d.hostname().strip().toLowerCase(Locale.ROOT), d.role(),
                blank(d.supplier()), blank(d.supplierReference()), blank(d.datacenter()), blank(d.model()),
                publicIps(d.publicIps()), blank(d.notes()), created, updated, archived);
    }

    private static List<String> publicIps(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        LinkedHashSet<String> ips = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String ip = raw.get(i) == null ? "" : raw.get(i).strip();
            if (ip.isEmpty()) {
                continue;
            }
            try {
                ips.add(IpAddresses.canonical(ip));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("publicIps[" + i + "]", "not an IP address: " + ip);
            }
        }
        return List.copyOf(ips);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
