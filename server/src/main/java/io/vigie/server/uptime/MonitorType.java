package io.vigie.server.uptime;

/** What an uptime monitor checks. */
public enum MonitorType {
    /** An HTTP or HTTPS URL: status, optional keyword, certificate expiry. */
    HTTP,
    /** A TCP port: the connection opens. */
    TCP,
    /** A DNS name: it resolves, optionally to an expected address. */
    DNS
}
