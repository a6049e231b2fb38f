package io.vigie.server.users;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The console's session principal: the account, its password hash (erased once checked) and
 * whether it is locked after repeated failed logins.
 */
final class AccountDetails implements UserDetails, CredentialsContainer, CurrentUser.CurrentUserSource {

    private static final long serialVersionUID = 1L;

    private final CurrentUser user;
    private final boolean locked;
    private final boolean enabled;
    private String passwordHash;

    AccountDetails(User user, String passwordHash, Instant now) {
        this.user = user.asCurrentUser();
        this.passwordHash = passwordHash;
        this.locked = user.lockedUntil() != null && user.lockedUntil().isAfter(now);
        this.enabled = user.archivedAt() == null;
    }

    static List<GrantedAuthority> authorities(Role role) {
        return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
    }

    @Override
    public CurrentUser currentUser() {
        return user;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return authorities(user.role());
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return user.email();
    }

    @Override
    public boolean isAccountNonLocked() {
        return !locked;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
