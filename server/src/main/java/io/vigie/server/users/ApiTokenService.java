package io.vigie.server.users;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.server.audit.AuditService;
import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.platform.NotFoundException;
import io.vigie.server.platform.Secrets;

/**
 * Personal API tokens: each user creates, lists and revokes their own. A token is shown once at
 * creation; only its SHA-256 is stored. A token acts with its owner's role and client, and stops
 * working when revoked, expired, or when its owner is disabled.
 */
@Service
public class ApiTokenService {

    /** Prefix of every API token, so that a leaked one is easy to recognise and search for. */
    public static final String PREFIX = "vig_";

    private final ApiTokenRepository repository;
    private final AuditService audit;
    private final Clock clock;

    ApiTokenService(ApiTokenRepository repository, AuditService audit, Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Creates a token for the caller.
     *
     * @param owner the caller
     * @param name a label
     * @param expiresAt optional expiry
     * @return the token and its value, to be shown once
     */
    @Transactional
    public ApiToken.Created create(CurrentUser owner, String name, Instant expiresAt) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new InvalidInputException("name", "the name is required (at most 100 characters)");
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidInputException("expiresAt", "the expiry must be in the future");
        }
        String value = Secrets.newToken(PREFIX);
        ApiToken token = new ApiToken(UUID.randomUUID(), owner.id(), name.strip(), value.substring(0, 12), now,
                expiresAt, null, null);
        repository.insert(token, Secrets.hash(value));
        audit.recordChange("api-token.created", "api-token", token.id(), owner.clientId(), null, token);
        return new ApiToken.Created(token, value);
    }

    /**
     * @param owner the caller
     * @return the caller's tokens, newest first
     */
    @Transactional(readOnly = true)
    public List<ApiToken> list(CurrentUser owner) {
        return repository.listForUser(owner.id());
    }

    /**
     * Revokes one of the caller's tokens.
     *
     * @param owner the caller
     * @param tokenId the token
     */
    @Transactional
    public void revoke(CurrentUser owner, UUID tokenId) {
        ApiToken before = repository.find(tokenId).filter(t -> t.userId().equals(owner.id()))
                .orElseThrow(() -> new NotFoundException("api token", tokenId));
        if (repository.revoke(tokenId, clock.instant())) {
            audit.recordChange("api-token.revoked", "api-token", tokenId, owner.clientId(), before,
                    repository.find(tokenId).orElseThrow());
        }
    }

    /**
     * @param tokenId a token id
     * @return the client of the token's owner; empty for staff-owned or unknown tokens
     */
    @Transactional(readOnly = true)
    public Optional<UUID> ownerClientOf(UUID tokenId) {
        return repository.ownerClient(tokenId);
    }

    /**
     * Authenticates a presented token.
     *
     * @param value the token as presented
     * @return its owner, if the token is valid
     */
    @Transactional
    public Optional<CurrentUser> authenticate(String value) {
        if (value == null || !value.startsWith(PREFIX) || value.length() > 100) {
            return Optional.empty();
        }
        String hash = Secrets.hash(value);
        Instant now = clock.instant();
        Optional<User> owner = repository.activeOwner(hash, now);
        owner.ifPresent(u -> repository.touch(hash, now));
        return owner.map(User::asCurrentUser);
    }
}
