package io.vigie.server.platform.tls;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Checks twice a day whether the agent port's certificate is due for renewal (or was replaced by
 * the operator) and, if so, serves the new one without a restart: a control plane may run for
 * longer than the 30 days of notice before its certificate expires.
 *
 * <p>This is deliberately not a db-scheduler task: the certificate, its files and the Tomcat that
 * serves it belong to one node, and every node must renew its own, whereas db-scheduler runs a
 * task once per cluster. A failed check is logged and tried again at the next one; the current
 * certificate stays in service meanwhile.
 */
final class AgentCertificateRenewal implements SmartLifecycle {

    /** Time between two checks. */
    static final Duration PERIOD = Duration.ofHours(12);

    private static final Logger log = LoggerFactory.getLogger(AgentCertificateRenewal.class);

    private final AgentConnector agentConnector;
    private ScheduledExecutorService executor;

    AgentCertificateRenewal(AgentConnector agentConnector) {
        this.agentConnector = agentConnector;
    }

    /**
     * Runs one check now.
     *
     * @return true when a new certificate is now served
     */
    boolean check() {
        try {
            return agentConnector.refresh();
        } catch (RuntimeException e) {
            log.error("cannot renew the TLS certificate of the agent port; the current one stays in service "
                    + "until the next check in {}", PERIOD, e);
            return false;
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("vigie-tls-renewal").factory());
        long period = PERIOD.toMinutes();
        executor.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MINUTES);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
