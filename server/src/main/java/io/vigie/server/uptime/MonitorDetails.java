package io.vigie.server.uptime;

import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What an operator enters to create or change a monitor. Missing numbers take their defaults;
 * the target and the options are checked against the type by {@link UptimeService}.
 *
 * @param clientId the client (cannot change after creation)
 * @param serverId one of the client's servers, or null
 * @param type HTTP, TCP or DNS
 * @param name a name
 * @param target URL, {@code host:port} or DNS name
 * @param intervalSeconds 20 to 3600, default 60
 * @param timeoutSeconds 1 to 30, default 10
 * @param expectedStatus HTTP: codes and ranges, default {@code 200-399}
 * @param keyword HTTP: text the body must contain
 * @param certWarningDays HTTPS: 0 to 365, default 14
 * @param expectedAddress DNS: an IP address expected among the answers
 * @param enabled whether it is checked; default true
 */
public record MonitorDetails(
        @NotNull UUID clientId,
        UUID serverId,
        @NotNull MonitorType type,
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 2000) String target,
        @Min(20) @Max(3600) Integer intervalSeconds,
        @Min(1) @Max(30) Integer timeoutSeconds,
        @Size(max = 200) String expectedStatus,
        @Size(max = 200) String keyword,
        @Min(0) @Max(365) Integer certWarningDays,
        @Size(max = 45) String expectedAddress,
        Boolean enabled) {

    /** Default seconds between checks. */
    public static final int DEFAULT_INTERVAL = 60;
    /** Default timeout of an attempt, in seconds. */
    public static final int DEFAULT_TIMEOUT = 10;
    /** Default accepted HTTP status codes. */
    public static final String DEFAULT_STATUS = "200-399";
    /** Default certificate warning, in days. */
    public static final int DEFAULT_CERT_WARNING = 14;

    /**
     * @param clientId the client, or null
     * @return an empty form with the defaults
     */
    public static MonitorDetails empty(UUID clientId) {
        return new MonitorDetails(clientId, null, MonitorType.HTTP, "", "", DEFAULT_INTERVAL, DEFAULT_TIMEOUT,
                DEFAULT_STATUS, "", DEFAULT_CERT_WARNING, "", true);
    }

    /**
     * @param m a monitor
     * @return its details, to edit it
     */
    public static MonitorDetails of(Monitor m) {
        return new MonitorDetails(m.clientId(), m.serverId(), m.type(), m.name(), m.target(), m.intervalSeconds(),
                m.timeoutSeconds(), m.expectedStatus(), m.keyword(), m.certWarningDays(), m.expectedAddress(),
                m.enabled());
    }
}
