package io.vigie.server.agents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.platform.VigieProperties;
import io.vigie.server.servers.ServerDetails;
import io.vigie.server.servers.ServerRole;
import io.vigie.server.servers.ServerService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;

/**
 * The start script's convenience, off by default: makes sure this machine is a server of a client
 * named "Machine locale", and when it has no online agent yet, writes a one-time enrollment token
 * to {@code <data>/local-agent.enroll} (mode 0600) for the script to enroll the local agent with.
 * It goes through the same services, tokens and audit trail as an operator would.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "vigie.bootstrap-local-agent", havingValue = "true")
class LocalAgentBootstrap implements ApplicationRunner {

    static final String CLIENT_NAME = "Machine locale";
    private static final Logger log = LoggerFactory.getLogger(LocalAgentBootstrap.class);

    private final ClientService clients;
    private final ServerService servers;
    private final EnrollmentService enrollment;
    private final AgentStatusService statuses;
    private final VigieProperties properties;

    LocalAgentBootstrap(ClientService clients, ServerService servers, EnrollmentService enrollment,
            AgentStatusService statuses, VigieProperties properties) {
        this.clients = clients;
        this.servers = servers;
        this.enrollment = enrollment;
        this.statuses = statuses;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        String hostname = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        // The bootstrap acts as the system: it reads as staff, and its changes are audited as "system".
        var staff = new CurrentUser(null, "system", "system", Role.ADMIN, null);
        var client = clients.list(staff, false, null).stream().filter(c -> c.name().equals(CLIENT_NAME)).findFirst()
                .orElseGet(() -> clients.create(new ClientDetails(CLIENT_NAME, null, null, null, null, null, null, "FR")));
        var server = servers.list(staff, client.id(), null, false).stream()
                .filter(s -> s.hostname().equals(hostname)).findFirst()
                .orElseGet(() -> servers.create(new ServerDetails(client.id(), null, hostname, ServerRole.DEVELOPMENT,
                        null, null, null, null, java.util.List.of(), "Created by the start script")));
        Path file = properties.dataDir().resolve("local-agent.enroll");
        if (statuses.status(server.id()).agentId() != null) {
            Files.deleteIfExists(file);
            return;
        }
        var grant = enrollment.issue(server.id(), null);
        Path tmp = Files.createTempFile(properties.dataDir(), "local-agent", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, "server=" + grant.serverUrl() + "\ntoken=" + grant.token() + "\nfingerprint="
                + grant.fingerprint() + "\n");
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("local agent enrollment token written file={} server={}", file, server.id());
    }
}
