package io.vigie.agent;

import io.vigie.agent.metrics.StatusPages;
import io.vigie.agent.metrics.db.DatabaseTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;

/**
 * The agent's settings after defaults, the configuration file and the environment have been
 * applied ({@link ConfigLoader}). Every key is listed in {@code docs/agent-installation.md}.
 *
 * @param stateDir where the identity ({@code agent.json}) and the spool live ({@code state.dir})
 * @param heartbeatInterval the interval set by {@code heartbeat.interval}, or empty to use the one
 *     the control plane gave at enrollment
 * @param metricsInterval the time between two rounds of metrics ({@code metrics.interval})
 * @param spoolMaxBytes the spool's size cap ({@code spool.max-bytes})
 * @param logLevel the least severe level logged ({@code log.level})
 * @param statusPages the web servers' status pages to read ({@code nginx.status-url},
 *     {@code apache.status-url})
 * @param databases the database servers whose connections are reported ({@code mysql.*},
 *     {@code postgresql.*}), none unless configured
 * @param firewallEnabled whether the agent enforces bans in its nftables table ({@code firewall.enabled})
 * @param detect the intrusion detection in logs ({@code detect.*})
 */
public record AgentConfig(Path stateDir, Optional<Duration> heartbeatInterval, Duration metricsInterval,
                          long spoolMaxBytes, Level logLevel, StatusPages statusPages, List<DatabaseTarget> databases,
                          boolean firewallEnabled, Detect detect) {

    /**
     * @param enabled whether the agent follows the logs and runs the rules ({@code detect.enabled})
     * @param rulesDir the operator's rule directory ({@code detect.rules-dir})
     */
    public record Detect(boolean enabled, Path rulesDir) {

        /** On, with the rules of {@code /etc/vigie/detect.d}. */
        public static final Detect DEFAULT = new Detect(true, Path.of("/etc/vigie/detect.d"));
    }

    /** Copies the list of databases. */
    public AgentConfig {
        databases = List.copyOf(databases);
    }

    /** The default state directory, created by the package. */
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/vigie-agent");

    /** The heartbeat interval when neither the configuration nor the enrollment sets one. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);

    /** The metrics interval when the configuration sets none. */
    public static final Duration DEFAULT_METRICS_INTERVAL = Duration.ofSeconds(30);

    /**
     * @param stateDir the state directory that wins over the configured one
     * @return this configuration with another state directory
     */
    public AgentConfig withStateDir(Path stateDir) {
        return new AgentConfig(stateDir, heartbeatInterval, metricsInterval, spoolMaxBytes, logLevel, statusPages, databases,
                firewallEnabled, detect);
    }

    /** @return the directory of the spool, inside the state directory */
    public Path spoolDir() {
        return stateDir.resolve("spool");
    }
}
