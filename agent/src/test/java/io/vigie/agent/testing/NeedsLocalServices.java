package io.vigie.agent.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A test class that needs the machine's services or system tools: the database servers (MariaDB
 * on 127.0.0.1:3306 and {@code /run/mysqld/mysqld.sock}, root without password; PostgreSQL on
 * 127.0.0.1:5432 and {@code /var/run/postgresql}, trust for {@code postgres}, its binaries under
 * {@code /usr/lib/postgresql}), or nftables ({@code /usr/sbin/nft}) in unprivileged network
 * namespaces ({@code unshare -rn}). It runs with the {@code system} profile ({@code -Psystem}), as
 * CI does, and is skipped otherwise, so that {@code ./mvnw verify} needs nothing but a JDK.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfSystemProperty(named = "vigie.skip-system-tests", matches = "false",
        disabledReason = "needs the local database servers or nftables: run with -Psystem")
public @interface NeedsLocalServices {
}
