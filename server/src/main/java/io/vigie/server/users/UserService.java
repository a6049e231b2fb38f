package io.vigie.server.users;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.server.audit.AuditService;
import io.vigie.server.platform.ConflictException;
import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.platform.NotFoundException;

/**
 * Accounts: creation, changes, passwords, disabling. Staff manage accounts; a client user sees
 * only the accounts of their own client. Only an administrator may create or change staff
 * accounts.
 */
@Service
public class UserService {

    /** Shortest password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    private final UserRepository repository;
    private final PasswordEncoder passwordEncoder;
    private final AuditService audit;
    private final Clock clock;

    UserService(UserRepository repository, PasswordEncoder passwordEncoder, AuditService audit, Clock clock) {
        this.repository = repository;
        this.passwordEncoder = passwordEncoder;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A new account.
     *
     * @param email login
     * @param displayName name shown
     * @param role role
     * @param clientId client of a {@code CLIENT} user, null for staff
     * @param password initial password
     */
    public record NewUser(String email, String displayName, Role role, UUID clientId, String password) {
    }

    /**
     * Creates an account.
     *
     * @param request the account
     * @param actor who creates it
     * @return the account
     */
    @Transactional
    public User create(NewUser request, CurrentUser actor) {
        requireMayManage(actor, request.role(), request.clientId());
        if (request.role() == Role.CLIENT && request.clientId() == null) {
            throw new InvalidInputException("clientId", "a CLIENT user must belong to a client");
        }
        if (request.role() != Role.CLIENT && request.clientId() != null) {
            throw new InvalidInputException("clientId", "staff users do not belong to a client");
        }
        checkPassword("password", request.password());
        if (repository.findByEmail(request.email()).isPresent()) {
            throw new ConflictException("a user with this e-mail already exists");
        }
        Instant now = clock.instant();
        User user = new User(UUID.randomUUID(), request.email().strip(), request.displayName().strip(),
                request.role(), request.clientId(), null, now, null);
        repository.insert(user, passwordEncoder.encode(request.password()));
        audit.recordChange("user.created", "user", user.id(), user.clientId(), null, user);
        return user;
    }

    /**
     * Creates the first administrator, when there is no account at all.
     *
     * @param email login
     * @param password password
     * @return true if it was created
     */
    @Transactional
    public boolean createFirstAdministrator(String email, String password) {
        if (repository.count() > 0) {
            return false;
        }
        Instant now = clock.instant();
        User user = new User(UUID.randomUUID(), email, "Administrator", Role.ADMIN, null, null, now, null);
        repository.insert(user, passwordEncoder.encode(password));
        audit.recordChange("user.created", "user", user.id(), null, null, user);
        return true;
    }

    /**
     * @param viewer who asks
     * @param clientId optional filter on one client
     * @return the accounts the viewer may see
     */
    @Transactional(readOnly = true)
    public List<User> list(CurrentUser viewer, UUID clientId) {
        UUID scope = viewer.restrictedToClient().orElse(clientId);
        return repository.list(scope, false);
    }

    /**
     * @param id an account id
     * @param viewer who asks
     * @return the account, if the viewer may see it
     */
    @Transactional(readOnly = true)
    public User get(UUID id, CurrentUser viewer) {
        return repository.find(id).filter(u -> viewer.isStaff() || viewer.canSee(u.clientId()) || u.id().equals(viewer.id()))
                .orElseThrow(() -> new NotFoundException("user", id));
    }

    /**
     * @param id an account id
     * @return the owner client of the account, empty for staff accounts or unknown ids
     */
    @Transactional(readOnly = true)
    public Optional<UUID> clientOf(UUID id) {
        return repository.find(id).map(User::clientId);
    }

    /**
     * Changes the name and e-mail of an account.
     *
     * @param id the account
     * @param email new login
     * @param displayName new name
     * @param actor who changes it
     * @return the account after the change
     */
    @Transactional
    public User update(UUID id, String email, String displayName, CurrentUser actor) {
        User before = get(id, actor);
        requireMayManage(actor, before.role(), before.clientId());
        repository.findByEmail(email).filter(u -> !u.id().equals(id)).ifPresent(u -> {
            throw new ConflictException("a user with this e-mail already exists");
        });
        User after = new User(before.id(), email.strip(), displayName.strip(), before.role(), before.clientId(),
                before.lockedUntil(), before.createdAt(), before.archivedAt());
        repository.update(after, clock.instant());
        audit.recordChange("user.updated", "user", id, after.clientId(), before, after);
        return after;
    }

    /**
     * Disables an account; its API tokens stop working since the account is no longer active.
     *
     * @param id the account
     * @param actor who disables it
     */
    @Transactional
    public void archive(UUID id, CurrentUser actor) {
        User before = get(id, actor);
        requireMayManage(actor, before.role(), before.clientId());
        if (before.id().equals(actor.id())) {
            throw new ConflictException("you cannot disable your own account");
        }
        repository.archive(id, clock.instant());
        audit.recordChange("user.archived", "user", id, before.clientId(), before, get(id, actor));
    }

    /**
     * Changes the caller's own password.
     *
     * @param actor the caller
     * @param currentPassword the current password, checked
     * @param newPassword the new one
     */
    @Transactional
    public void changeOwnPassword(CurrentUser actor, String currentPassword, String newPassword) {
        var credentials = repository.credentials(actor.email()).orElseThrow(() -> new NotFoundException("user", actor.id()));
        if (currentPassword == null || !passwordEncoder.matches(currentPassword, credentials.passwordHash())) {
            throw new InvalidInputException("currentPassword", "the current password is wrong");
        }
        checkPassword("newPassword", newPassword);
        repository.setPassword(actor.id(), passwordEncoder.encode(newPassword), clock.instant());
        audit.recordChange("user.password-changed", "user", actor.id(), actor.clientId(), null, null);
    }

    private static void checkPassword(String field, String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidInputException(field, "the password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length() > 200) {
            throw new InvalidInputException(field, "the password must have at most 200 characters");
        }
    }

    private static void requireMayManage(CurrentUser actor, Role role, UUID clientId) {
        boolean allowed = switch (actor.role()) {
            case ADMIN -> true;
            case OPERATOR -> role == Role.CLIENT;
            case CLIENT -> false;
        };
        if (!allowed) {
            throw new org.springframework.security.access.AccessDeniedException("not allowed to manage this account");
        }
    }
}
