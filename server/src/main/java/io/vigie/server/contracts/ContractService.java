package io.vigie.server.contracts;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.server.audit.AuditService;
import io.vigie.server.clients.ClientService;
import io.vigie.server.platform.ConflictException;
import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.platform.NotFoundException;
import io.vigie.server.users.CurrentUser;

/**
 * Contracts: staff create and change them; a client user sees their own. The servers a contract
 * covers are the servers that name it (see the servers feature).
 */
@Service
public class ContractService {

    /** Initial term when none is given (CON-1). */
    public static final int DEFAULT_TERM_MONTHS = 12;

    private final ContractRepository repository;
    private final ClientService clients;
    private final AuditService audit;
    private final Clock clock;

    ContractService(ContractRepository repository, ClientService clients, AuditService audit, Clock clock) {
        this.repository = repository;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param viewer who asks
     * @param clientId optional filter
     * @param includeArchived whether to include archived contracts
     * @return the contracts the viewer may see
     */
    @Transactional(readOnly = true)
    public List<Contract> list(CurrentUser viewer, UUID clientId, boolean includeArchived) {
        UUID scope = viewer.restrictedToClient().orElse(clientId);
        if (!viewer.isStaff() && clientId != null && !clientId.equals(scope)) {
            return List.of();
        }
        return repository.list(scope, includeArchived);
    }

    /**
     * @param id a contract id
     * @param viewer who asks
     * @return the contract, if the viewer may see it
     */
    @Transactional(readOnly = true)
    public Contract get(UUID id, CurrentUser viewer) {
        return repository.find(id).filter(c -> viewer.canSee(c.clientId()))
                .orElseThrow(() -> new NotFoundException("contract", id));
    }

    /**
     * @param id a contract id
     * @return the contract, for features that check a reference (no tenant filter)
     */
    @Transactional(readOnly = true)
    public Optional<Contract> find(UUID id) {
        return repository.find(id);
    }

    /**
     * Creates a contract.
     *
     * @param details what the operator entered
     * @return the contract
     */
    @Transactional
    public Contract create(ContractDetails details) {
        if (clients.find(details.clientId()).filter(c -> c.archivedAt() == null).isEmpty()) {
            throw new InvalidInputException("clientId", "unknown or archived client");
        }
        Instant now = clock.instant();
        Contract contract = build(UUID.randomUUID(), details.clientId(), details, now, now, null);
        repository.insert(contract);
        audit.recordChange("contract.created", "contract", contract.id(), contract.clientId(), null, contract);
        return contract;
    }

    /**
     * Changes a contract.
     *
     * @param id the contract
     * @param details the new details; the client cannot change
     * @param viewer who changes it
     * @return the contract after the change
     */
    @Transactional
    public Contract update(UUID id, ContractDetails details, CurrentUser viewer) {
        Contract before = get(id, viewer);
        if (!before.clientId().equals(details.clientId())) {
            throw new InvalidInputException("clientId", "a contract cannot move to another client");
        }
        if (before.archivedAt() != null) {
            throw new ConflictException("this contract is archived");
        }
        Contract after = build(id, before.clientId(), details, before.createdAt(), clock.instant(), null);
        repository.update(after);
        audit.recordChange("contract.updated", "contract", id, after.clientId(), before, after);
        return after;
    }

    /**
     * Archives a contract.
     *
     * @param id the contract
     * @param viewer who archives it
     * @return the archived contract
     */
    @Transactional
    public Contract archive(UUID id, CurrentUser viewer) {
        Contract before = get(id, viewer);
        if (before.archivedAt() != null) {
            return before;
        }
        Instant now = clock.instant();
        Contract after = new Contract(before.id(), before.clientId(), before.reference(), before.startDate(),
                before.termMonths(), before.status(), before.notes(), before.createdAt(), now, now);
        repository.update(after);
        audit.recordChange("contract.archived", "contract", id, after.clientId(), before, after);
        return after;
    }

    private Contract build(UUID id, UUID clientId, ContractDetails d, Instant created, Instant updated, Instant archived) {
        String reference = d.reference().strip();
        if (repository.referenceTaken(reference, id)) {
            throw new ConflictException("another contract has this reference");
        }
        int term = d.termMonths() == null ? DEFAULT_TERM_MONTHS : d.termMonths();
        ContractStatus status = d.status() == null ? ContractStatus.DRAFT : d.status();
        String notes = d.notes() == null || d.notes().isBlank() ? null : d.notes().strip();
        return new Contract(id, clientId, reference, d.startDate(), term, status, notes, created, updated, archived);
    }
}
