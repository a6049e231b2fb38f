package io.vigie.server.users;

import java.util.Optional;
import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling: the principal of every authenticated request, whether it came through the
 * console (session) or the API (token). Services take it to filter what a client user may see.
 *
 * @param id the user's id
 * @param email the user's login
 * @param displayName the user's name
 * @param role the user's role
 * @param clientId the client a {@code CLIENT} user belongs to; null for staff
 */
public record CurrentUser(UUID id, String email, String displayName, Role role, UUID clientId) {

    /** @return true for the provider's staff, who see every client */
    public boolean isStaff() {
        return role.isStaff();
    }

    /**
     * @param ownerClientId the client that owns some data
     * @return true when this user may see that client's data
     */
    public boolean canSee(UUID ownerClientId) {
        return isStaff() || (ownerClientId != null && ownerClientId.equals(clientId));
    }

    /**
     * @return the client this user is restricted to, or empty for staff (no restriction)
     */
    public Optional<UUID> restrictedToClient() {
        return isStaff() ? Optional.empty() : Optional.of(clientId);
    }

    /** @return the user of the current request, if authenticated */
    public static Optional<CurrentUser> get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof CurrentUserSource source) {
            return Optional.of(source.currentUser());
        }
        if (auth != null && auth.getPrincipal() instanceof CurrentUser user) {
            return Optional.of(user);
        }
        return Optional.empty();
    }

    /** @return the user of the current request; fails when the request is anonymous */
    public static CurrentUser require() {
        return get().orElseThrow(() -> new IllegalStateException("no authenticated user"));
    }

    /** Something that carries a {@link CurrentUser}, such as the console's session principal. */
    public interface CurrentUserSource {
        /** @return the user */
        CurrentUser currentUser();
    }
}
