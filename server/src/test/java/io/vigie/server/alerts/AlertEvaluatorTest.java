package io.vigie.server.alerts;

import static io.vigie.server.TestAgent.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.vigie.server.IntegrationTest;
import io.vigie.server.TestAgent;
import io.vigie.server.agents.EnrollmentService;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.incidents.Incident;
import io.vigie.server.incidents.IncidentEvent;
import io.vigie.server.incidents.IncidentService;
import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.platform.VigieProperties;
import io.vigie.server.servers.Server;
import io.vigie.server.servers.ServerDetails;
import io.vigie.server.servers.ServerRole;
import io.vigie.server.servers.ServerService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alert rules on real metrics sent through the agent API: the {@code for} duration, the recovery
 * threshold against flapping, one incident per cause, overrides, and the MON-4 bound.
 */
class AlertEvaluatorTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ClientService clients;
    @Autowired
    ServerService servers;
    @Autowired
    EnrollmentService enrollment;
    @Autowired
    AlertEvaluator evaluator;
    @Autowired
    AlertSettings settings;
    @Autowired
    IncidentService incidents;

    CurrentUser operator;
    Client client;
    Server server;
    TestAgent agent;

    @BeforeEach
    void enrolledServer() throws Exception {
        operator = newUser(Role.OPERATOR, null);
        client = clients.create(new ClientDetails("Alertes " + UUID.randomUUID(), null, null, null, null, null, null,
                "FR"));
        server = servers.create(new ServerDetails(client.id(), null, "alerts.example.test", ServerRole.PRODUCTION,
                null, null, null, null, List.of(), null));
        agent = TestAgent.enroll(mvc, json, enrollment, server.id(), operator);
    }

    private void memory(Instant at, double usedPercent) throws Exception {
        agent.send(List.of(agent.round(at, sample("node_memory_MemTotal_bytes", 1000),
                sample("node_memory_MemAvailable_bytes", 1000 - 10 * usedPercent), sample("node_load1", 0.1))));
    }

    private List<Incident> incidentsOf() {
        return incidents.list(operator, client.id(), false).stream()
                .filter(i -> server.id().equals(i.serverId())).toList();
    }

    private String key(String rule, String subject) {
        return "alert:" + server.id() + ":" + rule + ":" + subject;
    }

    @Test
    void aThresholdHeldForItsDurationOpensOneIncidentWhichResolvesOnlyBelowTheRecoveryThreshold() throws Exception {
        settings.setOverride(new AlertSettings.OverrideRequest(client.id(), server.id(), "memory", true, 90.0, 80.0,
                120), operator);
        Instant t0 = Instant.now();

        memory(t0, 95);
        evaluator.evaluate(t0);
        assertThat(incidentsOf()).as("pending: not yet held for 120 s").isEmpty();

        memory(t0.plusSeconds(60), 96);
        evaluator.evaluate(t0.plusSeconds(60));
        assertThat(incidentsOf()).isEmpty();

        memory(t0.plusSeconds(120), 97);
        evaluator.evaluate(t0.plusSeconds(120));
        assertThat(incidentsOf()).singleElement().satisfies(i -> {
            assertThat(i.state()).isEqualTo(Incident.State.OPEN);
            assertThat(i.title()).isEqualTo("Memory used on alerts.example.test");
            assertThat(i.dedupKey()).isEqualTo(key("memory", ""));
        });

        memory(t0.plusSeconds(180), 85);
        evaluator.evaluate(t0.plusSeconds(180));
        assertThat(incidentsOf()).as("between recovery and threshold: still firing, no flapping").singleElement()
                .satisfies(i -> assertThat(i.state()).isEqualTo(Incident.State.OPEN));

        memory(t0.plusSeconds(240), 50);
        evaluator.evaluate(t0.plusSeconds(240));
        Incident resolved = incidentsOf().getFirst();
        assertThat(resolved.state()).isEqualTo(Incident.State.RESOLVED);
        assertThat(incidents.timeline(resolved.id())).extracting(IncidentEvent::type)
                .containsExactly("opened", "resolved");
        assertThat(incidents.timeline(resolved.id()).getFirst().detail()).isEqualTo("97.0% >= 90.0% for 2 min");
    }

    @Test
    void aValueThatDropsBeforeTheDurationOpensNothingAndADisabledRuleNeverFires() throws Exception {
        settings.setOverride(new AlertSettings.OverrideRequest(client.id(), null, "memory", true, 90.0, 80.0, 120),
                operator);
        Instant t0 = Instant.now();
        memory(t0, 95);
        evaluator.evaluate(t0);
        memory(t0.plusSeconds(60), 70);
        evaluator.evaluate(t0.plusSeconds(60));
        memory(t0.plusSeconds(120), 95);
        evaluator.evaluate(t0.plusSeconds(120));
        assertThat(incidentsOf()).as("the pending time restarted at 120 s").isEmpty();

        settings.setOverride(new AlertSettings.OverrideRequest(client.id(), server.id(), "memory", false, null, null,
                null), operator);
        memory(t0.plusSeconds(400), 99);
        evaluator.evaluate(t0.plusSeconds(400));
        assertThat(incidentsOf()).isEmpty();
        assertThat(settings.effective(server.id(), operator)).filteredOn(e -> e.rule() == AlertRule.MEMORY)
                .singleElement().satisfies(e -> assertThat(e.enabled()).isFalse());
    }

    @Test
    void anAgentOnlineWithoutMetricsOpensANoDataIncident() throws Exception {
        agent.send(List.of(agent.round(Instant.now().minus(Duration.ofMinutes(20)), sample("node_load1", 0.2))));
        evaluator.evaluate(Instant.now());
        assertThat(incidentsOf()).singleElement()
                .satisfies(i -> assertThat(i.dedupKey()).isEqualTo(key("no-data", "")));
        memory(Instant.now(), 10);
        evaluator.evaluate(Instant.now());
        assertThat(incidentsOf().getFirst().state()).isEqualTo(Incident.State.RESOLVED);
    }

    @Test
    void aSilentAgentOpensAnAgentOfflineIncident() throws Exception {
        memory(Instant.now(), 10);
        jdbc.sql("update agents set last_contact_at = now() - interval '10 minutes' where server_id = ?")
                .param(server.id()).update();
        evaluator.evaluate(Instant.now());
        assertThat(incidentsOf()).singleElement().satisfies(i -> {
            assertThat(i.dedupKey()).isEqualTo(key("agent-offline", ""));
            assertThat(i.severity()).isEqualTo(Incident.Severity.CRITICAL);
        });
        evaluator.evaluate(Instant.now().plusSeconds(60));
        assertThat(incidentsOf()).as("the same cause is the same incident").hasSize(1);
    }

    @Test
    void aDegradedRaidArrayOpensAHardwareIncident() throws Exception {
        agent.send(List.of(agent.round(Instant.now(), sample("node_md_disks", 1, "device", "md2", "state", "active"),
                sample("node_md_disks", 1, "device", "md2", "state", "failed"), sample("node_load1", 0.2))));
        evaluator.evaluate(Instant.now());
        assertThat(incidentsOf()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(Incident.Kind.HARDWARE);
            assertThat(i.title()).isEqualTo("RAID array degraded on alerts.example.test (md2)");
        });
    }

    @Test
    void aDiskFailingItsSmartSelfAssessmentOpensAHardwareIncidentResolvedWhenItPasses() throws Exception {
        Instant t0 = Instant.now().minusSeconds(120);
        agent.send(List.of(agent.round(t0, sample("smartctl_device_smart_status", 1, "device", "sda"),
                sample("smartctl_device_smart_status", 0, "device", "sdb"),
                sample("smartctl_device_temperature", 39, "device", "sdb", "temperature_type", "current"),
                sample("node_load1", 0.2))));
        evaluator.evaluate(t0);
        assertThat(incidentsOf()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(Incident.Kind.HARDWARE);
            assertThat(i.severity()).isEqualTo(Incident.Severity.CRITICAL);
            assertThat(i.title()).isEqualTo("SMART failure on alerts.example.test (sdb)");
            assertThat(i.dedupKey()).isEqualTo(key("smart", "sdb"));
        });

        // The disk replaced: the same device passes again.
        agent.send(List.of(agent.round(t0.plusSeconds(60), sample("smartctl_device_smart_status", 1, "device", "sda"),
                sample("smartctl_device_smart_status", 1, "device", "sdb"), sample("node_load1", 0.2))));
        evaluator.evaluate(t0.plusSeconds(60));
        assertThat(incidentsOf()).singleElement()
                .satisfies(i -> assertThat(i.state()).isEqualTo(Incident.State.RESOLVED));
    }

    @Test
    void memoryErrorsOfTheLast24HoursOpenAHardwareIncidentPerController() throws Exception {
        Instant now = Instant.now();
        // Controller 0: 10 corrected errors 26 hours ago, none since; controller 1: 2 corrected and 1
        // uncorrected in the last hours.
        long[][] rounds = {{26 * 60 + 30, 0, 0, 0}, {26 * 60, 10, 0, 0}, {180, 10, 4, 0}, {120, 10, 4, 0},
            {60, 10, 5, 1}, {1, 10, 6, 1}};
        for (long[] r : rounds) {
            agent.send(List.of(agent.round(now.minus(Duration.ofMinutes(r[0])),
                    sample("node_edac_correctable_errors_total", r[1], "controller", "0"),
                    sample("node_edac_uncorrectable_errors_total", 0, "controller", "0"),
                    sample("node_edac_correctable_errors_total", r[2], "controller", "1"),
                    sample("node_edac_uncorrectable_errors_total", r[3], "controller", "1"),
                    sample("node_load1", 0.2))));
        }
        evaluator.evaluate(now);
        assertThat(incidentsOf()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(Incident.Kind.HARDWARE);
            assertThat(i.title()).isEqualTo("Memory errors (ECC) on alerts.example.test (1)");
            assertThat(i.dedupKey()).isEqualTo(key("memory-errors", "1"));
        });
        assertThat(incidents.timeline(incidentsOf().getFirst().id()).getFirst().detail())
                .isEqualTo("3.0 error(s) in 24 h >= 1.0 error(s) in 24 h for 0 min");
    }

    @Test
    void overridesAreCheckedAndTheEvaluationIntervalIsAtMostFiveMinutes() {
        assertThatThrownBy(() -> settings.setOverride(new AlertSettings.OverrideRequest(client.id(), null, "memory",
                true, 90.0, 95.0, null), operator)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("recovery threshold");
        assertThatThrownBy(() -> settings.setOverride(new AlertSettings.OverrideRequest(client.id(), null, "nope",
                true, null, null, null), operator)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new VigieProperties.Alerts(Duration.ofMinutes(6)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MON-4");
        assertThat(new VigieProperties.Alerts(Duration.ofMinutes(5)).evaluationInterval()).hasMinutes(5);
    }
}
