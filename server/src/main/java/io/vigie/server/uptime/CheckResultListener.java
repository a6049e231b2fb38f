package io.vigie.server.uptime;

import java.util.UUID;

/**
 * Told of every check attempt that {@link UptimeService} stores, in the transaction that stores
 * it: a failure of the listener rolls the attempt back with it. Each feature that needs the
 * attempts (the metric store keeps their response times) declares one as a Spring bean.
 */
public interface CheckResultListener {

    /**
     * @param monitorId the monitor checked
     * @param result the attempt, just stored
     */
    void recorded(UUID monitorId, CheckResult result);
}
