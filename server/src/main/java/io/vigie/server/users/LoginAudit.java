package io.vigie.server.users;

import java.time.Clock;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.server.audit.AuditService;
import io.vigie.server.platform.VigieProperties;

/**
 * Records every console login in the audit trail and throttles password guessing: after
 * {@code vigie.security.max-failed-logins} consecutive failures an account is locked for
 * {@code vigie.security.lock-duration}. The attempted login is recorded, never the password.
 */
@Component
class LoginAudit {

    private final UserRepository repository;
    private final AuditService audit;
    private final VigieProperties properties;
    private final Clock clock;

    LoginAudit(UserRepository repository, AuditService audit, VigieProperties properties, Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    @EventListener
    @Transactional
    void onSuccess(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof AccountDetails details) {
            CurrentUser user = details.currentUser();
            repository.resetFailedLogins(user.id());
            audit.recordEvent("auth.login", "user", user.id(), user.clientId(), "signed in", user, null);
        }
    }

    @EventListener
    @Transactional
    void onFailure(AbstractAuthenticationFailureEvent event) {
        String login = String.valueOf(event.getAuthentication().getPrincipal());
        var user = repository.findByEmail(login);
        String reason = event.getException().getClass().getSimpleName();
        if (event instanceof AuthenticationFailureBadCredentialsEvent && user.isPresent()) {
            int failures = repository.recordFailedLogin(user.get().id(), properties.security().maxFailedLogins(),
                    clock.instant().plus(properties.security().lockDuration()), clock.instant());
            if (failures >= properties.security().maxFailedLogins()) {
                reason = "BadCredentials; account locked for " + properties.security().lockDuration();
            }
        }
        audit.recordEvent("auth.login.failed", "user", user.map(User::id).orElse(null),
                user.map(User::clientId).orElse(null), "failed sign-in as " + abbreviate(login) + " (" + reason + ")",
                null, abbreviate(login));
    }

    private static String abbreviate(String login) {
        return login.length() > 100 ? login.substring(0, 100) + "…" : login;
    }
}
