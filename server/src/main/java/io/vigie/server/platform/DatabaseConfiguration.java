package io.vigie.server.platform;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Chooses the database: the external PostgreSQL named by {@code VIGIE_DB_URL}, or else an embedded
 * PostgreSQL under the data directory. Either way the rest of the control plane sees one
 * {@link DataSource} and one SQL dialect.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedDatabaseHolder embeddedDatabase(VigieProperties properties) {
        return new EmbeddedDatabaseHolder(
                properties.db().embedded() ? EmbeddedDatabase.start(properties.dataDir()) : null);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(VigieProperties properties, EmbeddedDatabaseHolder embedded) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("vigie");
        config.setMaximumPoolSize(properties.db().poolSize());
        if (embedded.database() != null) {
            config.setJdbcUrl(embedded.database().jdbcUrl());
        } else {
            config.setJdbcUrl(properties.db().url());
            config.setUsername(properties.db().username());
            config.setPassword(properties.db().password());
        }
        return new HikariDataSource(config);
    }

    /**
     * Holds the embedded database, if any, so that it stops after the pool is closed.
     *
     * @param database the embedded database, or null when an external one is used
     */
    record EmbeddedDatabaseHolder(EmbeddedDatabase database) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (database != null) {
                database.close();
            }
        }
    }
}
