package io.vigie.server.users;

import java.time.Clock;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Loads an account for the console's form login. */
@Service
class AccountDetailsService implements UserDetailsService {

    private final UserRepository repository;
    private final Clock clock;

    AccountDetailsService(UserRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return repository.credentials(username == null ? "" : username.strip())
                .map(c -> new AccountDetails(c.user(), c.passwordHash(), clock.instant()))
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }
}
