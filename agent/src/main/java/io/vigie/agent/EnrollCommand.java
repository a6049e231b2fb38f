package io.vigie.agent;

import io.vigie.agent.transport.AgentClient;
import io.vigie.agent.transport.ControlPlaneException;
import io.vigie.agent.transport.Failures;
import io.vigie.agent.transport.Fingerprint;
import io.vigie.agent.transport.PinnedTls;
import io.vigie.protocol.EnrollmentRequest;
import io.vigie.protocol.EnrollmentResponse;
import io.vigie.protocol.HostFacts;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code vigie-agent enroll}: exchanges a one-time token for the agent's identity and stores it.
 *
 * <p>Everything that can be checked locally is checked before the token is spent: the command
 * line, the configuration, that no identity exists yet (unless {@code --force}), and that the
 * state directory is writable. The token itself is never printed nor logged.
 */
final class EnrollCommand {

    private final Supplier<HostFacts> facts;
    private final Clock clock;
    private final PrintStream out;

    EnrollCommand(Supplier<HostFacts> facts, Clock clock, PrintStream out) {
        this.facts = facts;
        this.clock = clock;
        this.out = out;
    }

    /**
     * @param options the parsed options
     * @param config the configuration, {@code --state-dir} applied
     * @throws CliException on any failure, with its exit code
     */
    void run(Options options, AgentConfig config) throws CliException, InterruptedException {
        URI server = serverUrl(options.require("--server"));
        String token = options.require("--token").strip();
        Fingerprint pin;
        try {
            pin = Fingerprint.parse(options.require("--fingerprint"));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        IdentityStore store = new IdentityStore(config.stateDir());
        if (store.exists() && !options.has("--force")) {
            throw CliException.failure("already enrolled (" + store.file() + " exists): use --force to enroll again");
        }
        store.prepare();
        EnrollmentResponse response;
        try (AgentClient client = new AgentClient(PinnedTls.httpClient(pin, server))) {
            response = client.enroll(new EnrollmentRequest(token, AgentVersion.current(), facts.get()));
        } catch (ControlPlaneException e) {
            throw CliException.failure("enrollment refused by " + server + ": " + e.detail());
        } catch (IOException e) {
            throw CliException.failure("cannot reach " + server + ": " + Failures.describe(e));
        }
        AgentIdentity identity = new AgentIdentity(server, pin.toString(), response.agentId(), response.secret(),
                response.serverId(), response.heartbeatIntervalSeconds(), clock.instant());
        try {
            store.save(identity);
        } catch (IOException e) {
            throw CliException.failure("enrolled, but cannot write " + store.file() + " (" + e.getMessage()
                    + "): the token is spent, ask for a new one");
        }
        out.println("enrolled: this host is server " + response.serverId() + " (agent " + response.agentId()
                + "); identity saved in " + store.file());
    }

    /** @return the URL when it is an absolute https URL without query, fragment or user info */
    static URI serverUrl(String text) throws CliException {
        try {
            URI uri = new URI(text.strip());
            boolean https = uri.getScheme() != null && uri.getScheme().toLowerCase(Locale.ROOT).equals("https");
            if (!https || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null) {
                throw new URISyntaxException(text, "expected https://host[:port]");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CliException.usage("bad --server URL '" + text + "': expected https://host[:port]");
        }
    }
}
