package io.vigie.server.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.MessageType;
import io.vigie.protocol.MetricSamples;
import io.vigie.server.agents.AgentMessageHandler;
import io.vigie.server.agents.InvalidAgentMessageException;
import io.vigie.server.agents.ReceivedMessage;
import io.vigie.server.platform.VigieProperties;

/**
 * Takes in the agents' {@code metrics} messages (docs/agent-protocol.md, docs/metrics-storage.md): a
 * round is validated whole, its unknown names dropped (logged once per agent and name, as are the
 * names of monitors' metrics), and its samples stored by the {@link SampleWriter}.
 */
@Component
class MetricIngestion implements AgentMessageHandler<MetricSamples> {

    private static final Logger log = LoggerFactory.getLogger(MetricIngestion.class);
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final int MAX_NAME_LENGTH = 200;
    private static final int MAX_LABELS = 16;
    private static final int MAX_LABEL_VALUE_LENGTH = 200;
    /** Bounds the memory of the "already logged" set; past it, unknown names are no longer logged. */
    private static final int MAX_LOGGED_UNKNOWN = 10_000;

    private final SampleWriter writer;
    private final VigieProperties.Metrics settings;
    private final Set<String> loggedUnknown = ConcurrentHashMap.newKeySet();

    MetricIngestion(SampleWriter writer, VigieProperties properties) {
        this.writer = writer;
        this.settings = properties.metrics();
    }

    @Override
    public MessageType type() {
        return MessageType.METRICS;
    }

    @Override
    public void validate(MetricSamples round, Instant receivedAt) {
        if (round.observedAt() == null) {
            throw new InvalidAgentMessageException("observedAt: required");
        }
        if (round.observedAt().isAfter(receivedAt.plus(settings.maxFutureSkew()))) {
            throw new InvalidAgentMessageException("observedAt: " + round.observedAt() + " is more than "
                    + settings.maxFutureSkew() + " in the future (is the agent's clock ahead?)");
        }
        if (round.observedAt().isBefore(receivedAt.minus(settings.rawRetention()))) {
            throw new InvalidAgentMessageException("observedAt: " + round.observedAt()
                    + " is older than the raw retention (" + settings.rawRetention() + ")");
        }
        if (round.samples() == null) {
            throw new InvalidAgentMessageException("samples: required");
        }
        if (round.samples().size() > AgentProtocol.MAX_SAMPLES_PER_MESSAGE) {
            throw new InvalidAgentMessageException("samples: " + round.samples().size() + " samples, at most "
                    + AgentProtocol.MAX_SAMPLES_PER_MESSAGE);
        }
        for (int i = 0; i < round.samples().size(); i++) {
            validate(round.samples().get(i), "samples[" + i + "]");
        }
    }

    private static void validate(MetricSamples.Sample sample, String path) {
        if (sample == null) {
            throw new InvalidAgentMessageException(path + ": required");
        }
        if (!validName(sample.name())) {
            throw new InvalidAgentMessageException(path + ".name: not a metric name: " + abbreviate(sample.name()));
        }
        if (!Double.isFinite(sample.value())) {
            throw new InvalidAgentMessageException(path + ".value: not a finite number: " + sample.value());
        }
        Map<String, String> labels = sample.labels() == null ? Map.of() : sample.labels();
        if (labels.size() > MAX_LABELS) {
            throw new InvalidAgentMessageException(path + ".labels: " + labels.size() + " labels, at most " + MAX_LABELS);
        }
        labels.forEach((name, value) -> {
            if (!validName(name)) {
                throw new InvalidAgentMessageException(path + ".labels: not a label name: " + abbreviate(name));
            }
            if (value == null || value.length() > MAX_LABEL_VALUE_LENGTH) {
                throw new InvalidAgentMessageException(path + ".labels." + name + ": a value of at most "
                        + MAX_LABEL_VALUE_LENGTH + " characters is required");
            }
        });
    }

    private static boolean validName(String name) {
        return name != null && name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    @Override
    public void handle(ReceivedMessage<MetricSamples> message) {
        List<MetricSamples.Sample> known = new ArrayList<>(message.payload().samples().size());
        for (MetricSamples.Sample sample : message.payload().samples()) {
            if (MetricCatalog.find(MetricCatalog.Owner.SERVER, sample.name()).isEmpty()) {
                unknown(message.agentId(), sample.name());
            } else {
                known.add(sample);
            }
        }
        writer.write(MetricCatalog.Owner.SERVER, message.serverId(), message.payload().observedAt(), known,
                message.receivedAt());
    }

    private void unknown(UUID agentId, String name) {
        if (loggedUnknown.size() < MAX_LOGGED_UNKNOWN && loggedUnknown.add(agentId + " " + name)) {
            log.warn("agent={} sends the metric {}, unknown to this control plane: its samples are dropped", agentId,
                    name);
        }
    }
}
