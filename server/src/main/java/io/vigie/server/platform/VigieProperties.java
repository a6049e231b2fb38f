package io.vigie.server.platform;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code vigie.*} setting of the control plane, bound once at start. Each is listed in
 * {@code docs/configuration.md} with its {@code VIGIE_*} environment variable.
 *
 * @param dataDir where the control plane keeps its state (embedded database, TLS material)
 * @param db the external PostgreSQL; when its URL is blank, an embedded PostgreSQL is started
 * @param admin the administrator created at first start
 * @param agentApi the TLS endpoint that agents talk to
 * @param security login throttling and session settings
 * @param metrics the metric store's retention and limits
 * @param notifications how incident notifications are written and sent
 * @param alerts how often alert rules are evaluated
 * @param uptime the uptime monitors' scheduler and result retention
 * @param bootstrapLocalAgent when true, the start script's mode: make sure a server record exists
 *     for this machine and write a one-time enrollment token for the local agent
 */
@ConfigurationProperties("vigie")
public record VigieProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Db db,
        @DefaultValue Admin admin,
        @DefaultValue AgentApi agentApi,
        @DefaultValue Security security,
        @DefaultValue Metrics metrics,
        @DefaultValue Notifications notifications,
        @DefaultValue Alerts alerts,
        @DefaultValue Uptime uptime,
        @DefaultValue("false") boolean bootstrapLocalAgent) {

    /**
     * The external database.
     *
     * @param url JDBC URL; blank means embedded PostgreSQL under the data directory
     * @param username database user
     * @param password database password
     * @param poolSize maximum connections
     */
    public record Db(@DefaultValue("") String url, @DefaultValue("") String username,
            @DefaultValue("") String password, @DefaultValue("10") int poolSize) {

        /** @return true when no external database is configured */
        public boolean embedded() {
            return url == null || url.isBlank();
        }
    }

    /**
     * The first administrator.
     *
     * @param email login of the administrator created at first start
     * @param password its password; blank means generated and printed once in the log
     */
    public record Admin(@DefaultValue("admin@vigie.local") String email, @DefaultValue("") String password) {
    }

    /**
     * The agent endpoint.
     *
     * @param port TLS port served to agents; 0 picks a free port (tests)
     * @param publicUrl URL that agents use to reach this port, shown in enrollment commands;
     *     blank means {@code https://<this host name>:<port>}
     * @param hostnames extra DNS names and IP addresses put in the generated TLS certificate
     * @param heartbeatInterval how often agents send a heartbeat; a server is offline after three
     *     missed heartbeats
     * @param enrollmentTokenValidity how long an enrollment token may be used
     */
    public record AgentApi(@DefaultValue("8443") int port, @DefaultValue("") String publicUrl,
            @DefaultValue("") java.util.List<String> hostnames,
            @DefaultValue("30s") Duration heartbeatInterval,
            @DefaultValue("24h") Duration enrollmentTokenValidity) {

        /** @return how long without contact before a server is shown offline */
        public Duration offlineAfter() {
            return heartbeatInterval.multipliedBy(3);
        }
    }

    /**
     * Login protection.
     *
     * @param maxFailedLogins consecutive failures before an account is locked
     * @param lockDuration how long the lock lasts
     */
    public record Security(@DefaultValue("5") int maxFailedLogins, @DefaultValue("15m") Duration lockDuration) {
    }

    /**
     * The metric store (docs/metrics-storage.md).
     *
     * @param rawRetention how long samples are kept at full resolution
     * @param fiveMinuteRetention how long 5-minute rollups are kept
     * @param oneHourRetention how long 1-hour rollups are kept
     * @param maxFutureSkew how far in the future a round may be (an agent's clock ahead of ours)
     */
    public record Metrics(@DefaultValue("14d") Duration rawRetention,
            @DefaultValue("90d") Duration fiveMinuteRetention,
            @DefaultValue("730d") Duration oneHourRetention,
            @DefaultValue("1h") Duration maxFutureSkew) {

        /** Refuses retentions that would make a coarser resolution shorter-lived than a finer one. */
        public Metrics {
            if (rawRetention.compareTo(Duration.ofDays(1)) < 0 || fiveMinuteRetention.compareTo(rawRetention) < 0
                    || oneHourRetention.compareTo(fiveMinuteRetention) < 0) {
                throw new IllegalArgumentException("vigie.metrics retentions must be raw >= 1d, 5-minute >= raw and "
                        + "1-hour >= 5-minute (got " + rawRetention + ", " + fiveMinuteRetention + ", "
                        + oneHourRetention + ")");
            }
        }
    }

    /**
     * Incident notifications (docs/incidents.md).
     *
     * @param language language of the notification texts: fr or en
     * @param mailFrom sender address of notification e-mails
     */
    public record Notifications(@DefaultValue("fr") String language, @DefaultValue("vigie@localhost") String mailFrom) {

        /** Refuses a language the messages files do not have. */
        public Notifications {
            if (!"fr".equals(language) && !"en".equals(language)) {
                throw new IllegalArgumentException("vigie.notifications.language must be fr or en, not " + language);
            }
        }
    }

    /**
     * Alert rules (docs/alerts.md).
     *
     * @param evaluationInterval time between two evaluations of every rule: at most 5 minutes
     *     (MON-4), at least 10 seconds
     */
    public record Alerts(@DefaultValue("60s") Duration evaluationInterval) {

        /** The contract promises alerts evaluated at least every 5 minutes (MON-4). */
        public static final Duration MAX_INTERVAL = Duration.ofMinutes(5);

        /** Refuses an interval that would break MON-4, or one so short it would load the database. */
        public Alerts {
            if (evaluationInterval.compareTo(MAX_INTERVAL) > 0 || evaluationInterval.compareTo(Duration.ofSeconds(10)) < 0) {
                throw new IllegalArgumentException("vigie.alerts.evaluation-interval must be between 10s and 5m "
                        + "(the contract promises alerts evaluated at least every 5 minutes, MON-4), not "
                        + evaluationInterval);
            }
        }
    }

    /**
     * The uptime monitors (docs/uptime.md).
     *
     * @param enabled whether this process runs the checks (tests turn it off and run rounds themselves)
     * @param maxConcurrentChecks how many checks may run at once
     * @param resultRetention how long check results are kept
     */
    public record Uptime(@DefaultValue("true") boolean enabled, @DefaultValue("500") int maxConcurrentChecks,
            @DefaultValue("31d") Duration resultRetention) {

        /** Refuses a scheduler that could run no check. */
        public Uptime {
            if (maxConcurrentChecks < 1) {
                throw new IllegalArgumentException("vigie.uptime.max-concurrent-checks must be at least 1");
            }
        }
    }
}
