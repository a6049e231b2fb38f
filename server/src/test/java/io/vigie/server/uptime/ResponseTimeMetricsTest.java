package io.vigie.server.uptime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.vigie.server.IntegrationTest;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.metrics.MetricCompaction;
import io.vigie.server.servers.Server;
import io.vigie.server.servers.ServerDetails;
import io.vigie.server.servers.ServerRole;
import io.vigie.server.servers.ServerService;
import io.vigie.server.users.ApiTokenService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The response times of uptime checks in the metric store: the outcome of a real check round
 * becomes samples of its monitor, compacted and rolled up like an agent's; the monitor metrics API
 * and the response time charts of the server's and the monitor's pages return them to those who
 * may see the monitor, and bad input is a problem naming the field.
 */
class ResponseTimeMetricsTest extends IntegrationTest {

    @RegisterExtension
    static final TestSites sites = TestSites.http();
    /** Each round runs later than every due time of the previous one. */
    static Instant round = Instant.now();

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UptimeScheduler scheduler;
    @Autowired
    UptimeService monitors;
    @Autowired
    ClientService clients;
    @Autowired
    ServerService servers;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    MetricCompaction compaction;

    Client client;
    Server server;
    CurrentUser staff;

    @BeforeEach
    void setUp() {
        client = clients.create(new ClientDetails("Temps de réponse " + UUID.randomUUID(), null, null, null, null,
                null, null, "FR"));
        String hostname = "web-" + UUID.randomUUID().toString().substring(0, 8) + ".example.test";
        server = servers.create(new ServerDetails(client.id(), null, hostname, ServerRole.PRODUCTION, null, null, null,
                null, List.of(), null));
        staff = newUser(Role.OPERATOR, null);
    }

    private Monitor monitor(String name, String url, boolean enabled) {
        return monitors.create(new MonitorDetails(client.id(), server.id(), MonitorType.HTTP, name, url, null, 2, null,
                null, null, null, enabled));
    }

    private void runRound() throws InterruptedException {
        round = round.plus(Duration.ofHours(2));
        scheduler.runDue(round);
    }

    private JsonNode getJson(MockHttpServletRequestBuilder request) throws Exception {
        return json.readTree(body(mvc.perform(request).andExpect(status().isOk()).andReturn()));
    }

    private MockHttpServletRequestBuilder metrics(Monitor monitor, String name) {
        return get("/api/v1/monitors/" + monitor.id() + "/metrics").param("name", name);
    }

    @Test
    void theOutcomeOfACheckBecomesSamplesOfItsMonitor() throws Exception {
        // A failure that the retry does not confirm: two attempts, one outcome (the retry's success).
        Monitor monitor = monitor("Boutique", sites.script("/script/blip-" + UUID.randomUUID(), 500), true);
        runRound();
        List<CheckResult> attempts = monitors.recentResults(monitor.id(), 10);
        assertThat(attempts).extracting(CheckResult::attempt).containsExactly(2, 1);
        CheckResult outcome = attempts.getFirst();

        JsonNode success = getJson(metrics(monitor, "probe_success").with(as(staff)));
        assertThat(success.get("resolution").asString()).isEqualTo("RAW");
        assertThat(success.get("unit").asString()).isEqualTo("ratio");
        assertThat(success.at("/series/0/points")).as("the unconfirmed failure is not an outcome").hasSize(1);
        assertThat(success.at("/series/0/points/0/avg").asDouble()).isEqualTo(1.0);

        JsonNode duration = getJson(metrics(monitor, "probe_duration_seconds").param("step", "PT1S").with(as(staff)));
        assertThat(duration.get("unit").asString()).isEqualTo("seconds");
        assertThat(duration.at("/series/0/points")).singleElement().satisfies(p -> {
            assertThat(p.get("at").asLong()).isEqualTo(outcome.at().toEpochMilli() / 1000 * 1000);
            assertThat(p.get("avg").asDouble()).isEqualTo(outcome.responseMs() / 1000.0);
        });
        assertThat(jdbc.sql("select count(*) from metric_series where server_id = ?").param(server.id())
                .query(Long.class).single()).as("the monitor's series are not the server's").isZero();
        assertThat(jdbc.sql("select name from metric_series where monitor_id = ? order by name").param(monitor.id())
                .query(String.class).list()).containsExactly("probe_duration_seconds", "probe_success");
    }

    @Test
    void outcomesAreCompactedAndRolledUpLikeAgentMetrics() throws Exception {
        Monitor monitor = monitor("Historique", "https://historique.example.test/", false);
        // Two hours of checks every minute in a compaction window of a day ago: 9 answers out of 10,
        // the tenth a confirmed failure.
        long window = MetricCompaction.WINDOW.toMillis();
        Instant start = Instant.ofEpochMilli(Math.floorDiv(Instant.now().minus(Duration.ofDays(1)).toEpochMilli(),
                window) * window);
        for (int i = 0; i < 120; i++) {
            Instant at = start.plusSeconds(60L * i);
            if (i % 10 == 9) {
                monitors.record(monitor.id(), CheckResult.failure(at, "no answer within 10 s"));
                monitors.record(monitor.id(), CheckResult.failure(at.plusSeconds(10), "no answer within 10 s")
                        .asAttempt(2));
            } else {
                monitors.record(monitor.id(), new CheckResult(at, 1, true, 100 + 10 * (i % 10), 200, null, 30));
            }
        }
        compaction.compact();
        assertThat(jdbc.sql("select count(*) from metric_samples s join metric_series m on m.id = s.series_id"
                + " where m.monitor_id = ?").param(monitor.id()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from metric_blocks b join metric_series m on m.id = b.series_id"
                + " where m.monitor_id = ?").param(monitor.id()).query(Long.class).single())
                .as("one block per series (success, duration, certificate) and window").isEqualTo(3);

        String from = start.toString();
        String to = start.plus(Duration.ofHours(2)).toString();
        JsonNode raw = getJson(metrics(monitor, "probe_duration_seconds").param("from", from).param("to", to)
                .param("step", "PT1M").with(as(staff)));
        assertThat(raw.get("resolution").asString()).isEqualTo("RAW");
        assertThat(raw.at("/series/0/points")).as("a failure without an answer has no duration").hasSize(108);
        assertThat(raw.at("/series/0/points/0/avg").asDouble()).isEqualTo(0.1);

        JsonNode fiveMinutes = getJson(metrics(monitor, "probe_duration_seconds").param("from", from)
                .param("to", to).param("step", "PT5M").with(as(staff)));
        assertThat(fiveMinutes.get("resolution").asString()).isEqualTo("FIVE_MINUTES");
        assertThat(fiveMinutes.at("/series/0/points")).hasSize(24);
        assertThat(fiveMinutes.at("/series/0/points/0/avg").asDouble()).isCloseTo(0.12, within(1e-9));
        assertThat(fiveMinutes.at("/series/0/points/1/avg").asDouble()).isCloseTo(0.165, within(1e-9));
        assertThat(fiveMinutes.at("/series/0/points/1/max").asDouble()).isEqualTo(0.18);

        JsonNode hourly = getJson(metrics(monitor, "probe_success").param("from", from).param("to", to)
                .param("step", "PT1H").with(as(staff)));
        assertThat(hourly.get("resolution").asString()).isEqualTo("ONE_HOUR");
        assertThat(hourly.at("/series/0/points")).hasSize(2).allSatisfy(p -> {
            assertThat(p.get("avg").asDouble()).as("the uptime of the hour").isCloseTo(0.9, within(1e-9));
            assertThat(p.get("min").asDouble()).isZero();
        });
        JsonNode certificate = getJson(metrics(monitor, "vigie_probe_cert_days_left").param("from", from)
                .param("to", to).param("step", "PT1H").with(as(staff)));
        assertThat(certificate.get("unit").asString()).isEqualTo("days");
        assertThat(certificate.at("/series/0/points/0/avg").asDouble()).isEqualTo(30);
    }

    @Test
    void theServerAndMonitorPagesChartTheResponseTimeOfEachMonitor() throws Exception {
        Monitor checked = monitor("Boutique", sites.url("/ok"), true);
        Monitor idle = monitor("Back-office", "https://admin.example.test/", false);
        runRound();
        CheckResult result = monitors.recentResults(checked.id(), 1).getFirst();

        JsonNode chart = getJson(get("/servers/" + server.id() + "/charts").param("chart", "response_time")
                .param("range", "1h").with(as(staff)));
        assertThat(chart.get("unit").asString()).isEqualTo("ms");
        assertThat(chart.get("note").isNull()).isTrue();
        assertThat(chart.at("/series")).as("a monitor never checked has no line").singleElement().satisfies(line -> {
            assertThat(line.get("label").asString()).isEqualTo("Boutique");
            assertThat(line.at("/values/0").asDouble()).isCloseTo(result.responseMs(), within(1e-6));
        });
        assertThat(chart.at("/x/0").asLong()).as("one point per check interval (60 s)")
                .isEqualTo(result.at().getEpochSecond() / 60 * 60);

        JsonNode own = getJson(get("/monitors/" + checked.id() + "/charts").param("chart", "response_time")
                .param("range", "24h").with(as(staff)));
        assertThat(own.at("/series")).singleElement()
                .satisfies(line -> assertThat(line.get("label").asString()).isEqualTo("Boutique"));
        assertThat(getJson(get("/monitors/" + idle.id() + "/charts").param("chart", "response_time")
                .with(as(staff))).at("/series")).isEmpty();
        mvc.perform(get("/monitors/" + checked.id() + "/charts").param("chart", "cpu").with(as(staff)))
                .andExpect(status().isBadRequest());

        Server bare = servers.create(new ServerDetails(client.id(), null, "bare.example.test", ServerRole.PRODUCTION,
                null, null, null, null, List.of(), null));
        JsonNode empty = getJson(get("/servers/" + bare.id() + "/charts").param("chart", "response_time")
                .with(as(staff)));
        assertThat(empty.at("/series")).isEmpty();
        assertThat(empty.get("note").asString()).startsWith("Aucune sonde de disponibilité ne surveille ce serveur");
        assertThat(getJson(get("/servers/" + bare.id() + "/charts").param("chart", "response_time")
                .param("lang", "en").with(as(staff))).get("note").asString())
                .startsWith("No uptime monitor watches this server");

        assertThat(body(mvc.perform(get("/servers/" + server.id()).with(as(staff))).andReturn()))
                .contains("data-chart=\"response_time\"", "Temps de réponse (ms)");
        assertThat(body(mvc.perform(get("/monitors/" + checked.id()).with(as(staff))).andReturn()))
                .contains("data-charts=\"/monitors/" + checked.id() + "/charts\"", "data-chart=\"response_time\"");
    }

    @Test
    void aClientUserReadsOnlyTheirMonitorsMetricsAndBadInputIsAProblem() throws Exception {
        Monitor own = monitor("Boutique", "https://boutique.example.test/", false);
        monitors.record(own.id(), new CheckResult(Instant.now().minusSeconds(60), 1, true, 42, 200, null, null));
        Client other = clients.create(new ClientDetails("Voisin " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        Monitor foreign = monitors.create(new MonitorDetails(other.id(), null, MonitorType.HTTP, "Voisin",
                "https://voisin.example.test/", null, null, null, null, null, null, false));
        monitors.record(foreign.id(), new CheckResult(Instant.now().minusSeconds(60), 1, true, 77, 200, null, null));
        CurrentUser user = newUser(Role.CLIENT, client.id());
        String token = tokens.create(user, "response times", null).value();

        mvc.perform(metrics(own, "probe_duration_seconds").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andExpect(jsonPath("$.series[0].points[0].avg").value(0.042));
        mvc.perform(metrics(foreign, "probe_duration_seconds").header("Authorization", "Bearer " + token))
                .andExpect(status().isNotFound());
        mvc.perform(get("/monitors/" + own.id() + "/charts").param("chart", "response_time").with(as(user)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.series[0].label").value("Boutique"));
        mvc.perform(get("/monitors/" + foreign.id() + "/charts").param("chart", "response_time").with(as(user)))
                .andExpect(status().isNotFound());

        mvc.perform(metrics(own, "node_load1").with(as(staff))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"))
                .andExpect(jsonPath("$.detail").value("name: unknown metric of a monitor: node_load1"));
        mvc.perform(get("/api/v1/monitors/" + own.id() + "/metrics").with(as(staff)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.title").exists());
        mvc.perform(metrics(own, "probe_success").param("step", "PT0.5S").with(as(staff)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("step"));
        mvc.perform(metrics(own, "probe_success").param("from", "2026-02-01T00:00:00Z")
                        .param("to", "2026-01-01T00:00:00Z").with(as(staff)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("from"));
        mvc.perform(metrics(own, "probe_success").param("from", "hier").with(as(staff)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("from"));
        mvc.perform(get("/api/v1/servers/" + server.id() + "/metrics").param("name", "probe_success").with(as(staff)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("name"));
    }
}
