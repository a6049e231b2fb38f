package io.vigie.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A control plane with one client, its contract and one production server, and that server's
 * agent enrolled and running: what the tests across control-plane outages start from.
 *
 * @param controlPlane the control plane process
 * @param agent the agent process, started
 * @param api the administrator's API client
 * @param serverId the server
 */
record EnrolledServer(ControlPlaneProcess controlPlane, AgentProcess agent, VigieApi api, UUID serverId)
        implements AutoCloseable {

    /**
     * @param name names the processes' logs and directories
     * @param clientName the client's name (made unique)
     * @param hostname the server's host name
     * @param heartbeat the agent's heartbeat interval (and the control plane's expectation)
     * @param metrics the agent's metrics interval
     * @return everything started, the agent enrolled and running
     */
    static EnrolledServer start(String name, String clientName, String hostname, Duration heartbeat, Duration metrics) {
        ControlPlaneProcess controlPlane = ControlPlaneProcess.start(name, heartbeat);
        AgentProcess agent = null;
        try {
            VigieApi api = VigieApi.asAdministrator(controlPlane);
            UUID clientId = api.createClient(clientName + " " + UUID.randomUUID().toString().substring(0, 8));
            UUID contractId = api.createContract(clientId, "CT-" + name.toUpperCase() + "-1", LocalDate.now());
            UUID serverId = api.createServer(clientId, contractId, hostname, "PRODUCTION");
            VigieApi.EnrollmentGrant grant = api.issueEnrollmentToken(serverId);

            agent = AgentProcess.create(name, heartbeat, metrics);
            AgentProcess.Result enrolled = agent.enroll(grant.serverUrl(), grant.token(), grant.fingerprint());
            assertThat(enrolled.exitCode()).as("vigie-agent enroll, output:%n%s", enrolled.output()).isZero();
            agent.start();
            return new EnrolledServer(controlPlane, agent, api, serverId);
        } catch (RuntimeException | Error e) {
            AgentProcess started = agent;
            Cleanup.all(() -> {
                if (started != null) {
                    started.close();
                }
            }, controlPlane::close);
            throw e;
        }
    }

    /** Stops the agent, then the control plane. */
    @Override
    public void close() {
        Cleanup.all(agent::close, controlPlane::close);
    }
}
