package io.vigie.server.alerts;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import io.vigie.server.incidents.Incident;

/**
 * The default alert rules of every server (docs/alerts.md). A rule fires for a subject (a mount
 * point, an array, or the server itself) when its value stays past the threshold for its
 * duration, and recovers only past the recovery threshold, so that a value hovering around the
 * threshold does not flap. Clients and servers override the numbers.
 */
public enum AlertRule {

    /** CPU busy (everything but idle), percent. */
    CPU("cpu", "CPU busy", Incident.Kind.ALERT, Incident.Severity.WARNING, 90, 80, Duration.ofMinutes(10), "%"),
    /** Memory used (total minus available), percent. */
    MEMORY("memory", "Memory used", Incident.Kind.ALERT, Incident.Severity.WARNING, 90, 85, Duration.ofMinutes(10), "%"),
    /** File system used, percent, per mount point. */
    DISK("disk", "Disk used", Incident.Kind.ALERT, Incident.Severity.CRITICAL, 90, 85, Duration.ofMinutes(5), "%"),
    /** Inodes used, percent, per mount point (when the agent reports them). */
    INODES("inodes", "Inodes used", Incident.Kind.ALERT, Incident.Severity.CRITICAL, 90, 85, Duration.ofMinutes(5), "%"),
    /** 5-minute load average divided by the number of CPUs. */
    LOAD("load", "Load per CPU", Incident.Kind.ALERT, Incident.Severity.WARNING, 2, 1.5, Duration.ofMinutes(15), ""),
    /** Failed or missing disks of a software RAID array (HW-2). */
    RAID("raid", "RAID array degraded", Incident.Kind.HARDWARE, Incident.Severity.CRITICAL, 1, 0.5, Duration.ZERO,
            " disk(s)"),
    /** A disk whose SMART self-assessment failed (HW-2): 1 per failing disk. */
    SMART("smart", "SMART failure", Incident.Kind.HARDWARE, Incident.Severity.CRITICAL, 1, 0.5, Duration.ZERO, ""),
    /** Memory errors (corrected by ECC or not) of a memory controller over the last 24 hours (HW-2). */
    MEMORY_ERRORS("memory-errors", "Memory errors (ECC)", Incident.Kind.HARDWARE, Incident.Severity.CRITICAL, 1, 0.5,
            Duration.ZERO, " error(s) in 24 h"),
    /** The agent stopped reporting (3 missed heartbeats). */
    AGENT_OFFLINE("agent-offline", "Agent offline", Incident.Kind.ALERT, Incident.Severity.CRITICAL, 1, 0.5,
            Duration.ZERO, ""),
    /** The agent is online but no metric arrived for 10 minutes. */
    NO_DATA("no-data", "No metrics received", Incident.Kind.ALERT, Incident.Severity.WARNING, 1, 0.5, Duration.ZERO, ""),
    /** A file system will be full within the threshold, in hours, at the rate of the last 6 hours. */
    DISK_FULL_FORECAST("disk-full-forecast", "Disk full soon", Incident.Kind.ALERT, Incident.Severity.WARNING, 24, 48,
            Duration.ofMinutes(30), " h", true);

    private final String key;
    private final String title;
    private final Incident.Kind kind;
    private final Incident.Severity severity;
    private final double threshold;
    private final double recovery;
    private final Duration forDuration;
    private final String unit;
    private final boolean below;

    AlertRule(String key, String title, Incident.Kind kind, Incident.Severity severity, double threshold,
            double recovery, Duration forDuration, String unit) {
        this(key, title, kind, severity, threshold, recovery, forDuration, unit, false);
    }

    AlertRule(String key, String title, Incident.Kind kind, Incident.Severity severity, double threshold,
            double recovery, Duration forDuration, String unit, boolean below) {
        this.key = key;
        this.title = title;
        this.kind = kind;
        this.severity = severity;
        this.threshold = threshold;
        this.recovery = recovery;
        this.forDuration = forDuration;
        this.unit = unit;
        this.below = below;
    }

    /** @return the rule's name in the API and in incident keys */
    public String key() {
        return key;
    }

    /** @return what the incident title says, in English */
    public String title() {
        return title;
    }

    /** @return the kind of incident it opens */
    public Incident.Kind kind() {
        return kind;
    }

    /** @return the severity of its incidents */
    public Incident.Severity severity() {
        return severity;
    }

    /** @return the default threshold */
    public double threshold() {
        return threshold;
    }

    /** @return the default recovery threshold */
    public double recovery() {
        return recovery;
    }

    /** @return how long the value must stay past the threshold */
    public Duration forDuration() {
        return forDuration;
    }

    /** @return the unit shown after values */
    public String unit() {
        return unit;
    }

    /** @return true when the rule fires at or below its threshold (a forecast of hours left) */
    public boolean below() {
        return below;
    }

    /**
     * @param key a rule key
     * @return the rule
     */
    public static Optional<AlertRule> of(String key) {
        return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
    }
}
