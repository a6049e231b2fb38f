package io.vigie.agent;

import io.vigie.agent.detect.DetectService;
import io.vigie.agent.detect.Detection;
import io.vigie.agent.detect.JournalFollower;
import io.vigie.agent.firewall.BanList;
import io.vigie.agent.firewall.NftTable;
import io.vigie.agent.heartbeat.Heartbeats;
import io.vigie.agent.log.Event;
import io.vigie.agent.metrics.Collector;
import io.vigie.agent.metrics.Metrics;
import io.vigie.agent.transport.AgentClient;
import io.vigie.agent.transport.Backoff;
import io.vigie.agent.transport.PinnedTls;
import io.vigie.agent.transport.Sender;
import io.vigie.agent.transport.Spool;
import io.vigie.protocol.HostFacts;
import io.vigie.protocol.MessageType;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The running agent: the spool, the sender draining it and the producers feeding it (heartbeats,
 * metrics), wired together and stopped in the right order (producers first, then the sender, then
 * the spool), so that the spool is consistent when the process ends; the bans enforced in the
 * firewall, restored first so that they hold before the control plane is reached (they stay in
 * the table when the agent stops); and, unless {@code detect.enabled=false}, the detection engine
 * reading the logs, whose detections are banned at once in the local firewall
 * ({@code event=detect.triggered}) and sent to the control plane as {@code security-alert} messages.
 */
public final class AgentRuntime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AgentRuntime.class.getName());

    private final Spool spool;
    private final Sender sender;
    private final Heartbeats heartbeats;
    private final Metrics metrics;
    private final Optional<BanList> bans;
    private final Optional<DetectService> detect;

    private AgentRuntime(Spool spool, Sender sender, Heartbeats heartbeats, Metrics metrics, Optional<BanList> bans,
                         Optional<DetectService> detect) {
        this.spool = spool;
        this.sender = sender;
        this.heartbeats = heartbeats;
        this.metrics = metrics;
        this.bans = bans;
        this.detect = detect;
    }

    /**
     * Restores the bans into the firewall when enabled (a missing or failing nft is logged and
     * does not stop the agent), opens the spool and starts sending, heartbeats and metrics (of
     * this host's {@code /proc}).
     *
     * @param config the configuration
     * @param identity the enrolled identity
     * @param facts collects the facts of each heartbeat
     * @param clock the agent's clock
     * @param backoff the sender's retry delays
     * @return the running agent
     * @throws IOException when the spool cannot be opened
     */
    public static AgentRuntime start(AgentConfig config, AgentIdentity identity, Supplier<HostFacts> facts, Clock clock,
                                     Backoff backoff) throws IOException {
        Optional<BanList> bans = config.firewallEnabled()
                ? BanList.start(config.stateDir(), NftTable.standard(), clock) : Optional.empty();
        Spool spool = Spool.open(config.spoolDir(), config.spoolMaxBytes(), clock);
        AgentClient client = new AgentClient(PinnedTls.httpClient(identity.pin(), identity.serverUrl()));
        Sender sender = new Sender(spool, client, identity.credentials(), backoff);
        Duration interval = config.heartbeatInterval().orElseGet(() -> identity.heartbeatIntervalSeconds() > 0
                ? Duration.ofSeconds(identity.heartbeatIntervalSeconds()) : AgentConfig.DEFAULT_HEARTBEAT_INTERVAL);
        Heartbeats heartbeats = new Heartbeats(spool, facts, clock, interval);
        List<Collector> collectors = new ArrayList<>(Metrics.collectors(Path.of("/"), config.databases()));
        collectors.addAll(config.statusPages().collectors());
        Metrics metrics = new Metrics(spool, collectors, clock, config.metricsInterval());
        sender.start();
        heartbeats.start();
        metrics.start();
        Optional<DetectService> detect = detect(config, clock, bans, spool);
        LOG.log(Level.INFO, Event.of("agent.started", "version", AgentVersion.current(), "agent-id", identity.agentId(),
                "server-id", identity.serverId(), "control-plane", identity.serverUrl()));
        return new AgentRuntime(spool, sender, heartbeats, metrics, bans, detect);
    }

    /**
     * Starts the detection engine when enabled, banning each detection in the local firewall when
     * there is one; a failure to start it leaves the rest of the agent running.
     */
    private static Optional<DetectService> detect(AgentConfig config, Clock clock, Optional<BanList> bans,
                                                  Spool spool) {
        if (!config.detect().enabled()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DetectService.start(config.stateDir(), config.detect().rulesDir(),
                    JournalFollower.DEFAULT_BINARY, clock,
                    detection -> {
                        bans.ifPresent(list -> ban(list, detection));
                        report(spool, detection);
                    }));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, Event.of("detect.start-failed", "error", e.toString()));
            return Optional.empty();
        }
    }

    /** Sends a detection to the control plane through the spool; a failure is logged, detection goes on. */
    private static void report(Spool spool, Detection detection) {
        try {
            spool.append(MessageType.SECURITY_ALERT, detection.alert());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, Event.of("detect.report-failed", "rule", detection.rule(), "ip", detection.address(),
                    "error", e.toString()));
        }
    }

    /** Bans a detection's address; a failure is logged, the detection engine goes on. */
    private static void ban(BanList bans, Detection detection) {
        try {
            bans.ban(detection.address(), detection.network(), detection.banFor(), detection.rule());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, Event.of("detect.ban-failed", "rule", detection.rule(), "ip", detection.address(),
                    "error", e.toString()));
        }
    }

    /** @return the spool, for inspection */
    public Spool spool() {
        return spool;
    }

    /** @return the bans enforced, empty when the firewall is disabled or nft is missing */
    public Optional<BanList> bans() {
        return bans;
    }

    /** Stops heartbeats and metrics, then the sender, then closes the spool. */
    @Override
    public void close() {
        detect.ifPresent(DetectService::close);
        heartbeats.close();
        metrics.close();
        sender.close();
        try {
            spool.close();
            LOG.log(Level.INFO, Event.of("agent.stopped", "pending", spool.pendingCount()));
        } catch (IOException e) {
            LOG.log(Level.ERROR, Event.of("agent.stop-failed"), e);
        }
    }
}
