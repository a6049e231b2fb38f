package io.vigie.server.security;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.MessageType;
import io.vigie.protocol.SecurityAlert;
import io.vigie.server.agents.AgentMessageHandler;
import io.vigie.server.agents.InvalidAgentMessageException;
import io.vigie.server.agents.ReceivedMessage;
import io.vigie.server.platform.IpAddresses;
import io.vigie.server.servers.ServerService;

/**
 * Takes in the detections agents report ({@code security-alert} messages, docs/agent-protocol.md):
 * checked whole before anything is written, then stored for the server's client.
 */
@Component
class SecurityAlertHandler implements AgentMessageHandler<SecurityAlert> {

    private static final Pattern RULE = Pattern.compile("[a-z0-9-]{1,64}");
    /** How far ahead of the control plane's clock a detection may be dated (agents' clocks drift). */
    private static final Duration MAX_FUTURE = Duration.ofMinutes(10);
    /** The longest ban an alert may report: a year. */
    private static final long MAX_BAN_SECONDS = Duration.ofDays(366).toSeconds();

    private final SecurityRepository repository;
    private final ServerService servers;

    SecurityAlertHandler(SecurityRepository repository, ServerService servers) {
        this.repository = repository;
        this.servers = servers;
    }

    @Override
    public MessageType type() {
        return MessageType.SECURITY_ALERT;
    }

    @Override
    public void validate(SecurityAlert alert, Instant receivedAt) {
        if (alert.rule() == null || !RULE.matcher(alert.rule()).matches()) {
            throw new InvalidAgentMessageException("rule: a-z, 0-9 and '-', 1 to 64 characters");
        }
        try {
            IpAddresses.canonical(alert.address() == null ? "" : alert.address());
        } catch (IllegalArgumentException e) {
            throw new InvalidAgentMessageException("address: an IPv4 or IPv6 address literal");
        }
        if (alert.at() == null || alert.at().isAfter(receivedAt.plus(MAX_FUTURE))) {
            throw new InvalidAgentMessageException("at: required, and at most " + MAX_FUTURE + " in the future");
        }
        if (alert.banSeconds() < 0 || alert.banSeconds() > MAX_BAN_SECONDS || alert.events() < 1) {
            throw new InvalidAgentMessageException("banSeconds: 0 to a year; events: at least 1");
        }
        if (alert.samples() == null || alert.samples().size() > AgentProtocol.MAX_ALERT_SAMPLES
                || alert.samples().stream().anyMatch(s -> s == null || s.length() > AgentProtocol.MAX_ALERT_SAMPLE_LENGTH)) {
            throw new InvalidAgentMessageException("samples: at most " + AgentProtocol.MAX_ALERT_SAMPLES + " lines of at most "
                    + AgentProtocol.MAX_ALERT_SAMPLE_LENGTH + " characters");
        }
    }

    @Override
    public void handle(ReceivedMessage<SecurityAlert> message) {
        SecurityAlert alert = message.payload();
        servers.find(message.serverId()).ifPresent(server -> repository.insert(new SecurityAlertRecord(
                message.messageId(), server.clientId(), server.id(), alert.rule(), IpAddresses.canonical(alert.address()),
                alert.network(), alert.banSeconds(), alert.at(), message.receivedAt(), alert.events(),
                alert.samples().stream().map(SecurityAlertHandler::printable).toList())));
    }

    /** A log line as stored: control characters (NUL, escapes) replaced, so that it displays as text. */
    private static String printable(String line) {
        return line.codePoints().map(c -> Character.isISOControl(c) ? '\uFFFD' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
