package io.vigie.server.users;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.vigie.server.platform.Secrets;
import io.vigie.server.platform.VigieProperties;

/**
 * Creates the administrator at the very first start, when the database holds no account. The
 * password comes from {@code VIGIE_ADMIN_PASSWORD}, or is generated and printed once in the log:
 * it is the only secret ever logged, and only because nobody could sign in otherwise.
 */
@Component
@Order(0)
class AdministratorBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdministratorBootstrap.class);

    private final UserService users;
    private final VigieProperties properties;

    AdministratorBootstrap(UserService users, VigieProperties properties) {
        this.users = users;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        String configured = properties.admin().password();
        boolean generated = configured == null || configured.isBlank();
        String password = generated ? Secrets.newToken("").substring(0, 24) : configured;
        if (!generated && password.length() < UserService.MIN_PASSWORD_LENGTH) {
            throw new IllegalStateException("VIGIE_ADMIN_PASSWORD must have at least "
                    + UserService.MIN_PASSWORD_LENGTH + " characters");
        }
        if (users.createFirstAdministrator(properties.admin().email(), password)) {
            if (generated) {
                log.warn("First start: administrator {} created with the generated password: {} "
                        + "(shown once; change it after signing in)", properties.admin().email(), password);
            } else {
                log.info("First start: administrator {} created with the password from VIGIE_ADMIN_PASSWORD",
                        properties.admin().email());
            }
        }
    }
}
