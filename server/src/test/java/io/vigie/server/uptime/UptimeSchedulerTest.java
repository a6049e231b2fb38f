package io.vigie.server.uptime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.server.IntegrationTest;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.incidents.Incident;
import io.vigie.server.incidents.IncidentService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;

/**
 * The scheduler's rounds against in-process sites, with the real database and incident service:
 * a failure confirmed by the immediate retry opens exactly one incident, a failure the retry does
 * not confirm opens none, a success resolves it; every attempt is stored and its lateness measured.
 */
class UptimeSchedulerTest extends IntegrationTest {

    @RegisterExtension
    static final TestSites sites = TestSites.http();
    /** Each round runs later than every due time of the previous one. */
    static Instant round = Instant.now();

    @Autowired
    UptimeScheduler scheduler;
    @Autowired
    UptimeService monitors;
    @Autowired
    ClientService clients;
    @Autowired
    IncidentService incidents;
    @Autowired
    MeterRegistry registry;

    Client client;
    CurrentUser staff;

    @BeforeEach
    void setUp() {
        client = clients.create(new ClientDetails("Disponibilité " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        staff = newUser(Role.OPERATOR, null);
    }

    private Monitor monitor(String url) {
        return monitors.create(new MonitorDetails(client.id(), null, MonitorType.HTTP, "Boutique", url, null, 2, null,
                null, null, null, true));
    }

    private void runRound() throws InterruptedException {
        round = round.plus(Duration.ofHours(2));
        scheduler.runDue(round);
    }

    private List<CheckResult> results(Monitor monitor) {
        return monitors.recentResults(monitor.id(), 100).reversed();
    }

    @Test
    void aConfirmedOutageOpensOneIncidentAndRecoveryResolvesIt() throws Exception {
        String path = "/script/outage-" + UUID.randomUUID();
        Monitor monitor = monitor(sites.script(path, 500, 500, 503, 503));

        runRound();
        List<Incident> opened = incidents.ofMonitor(monitor.id(), 10);
        assertThat(opened).singleElement().satisfies(i -> {
            assertThat(i.state()).isEqualTo(Incident.State.OPEN);
            assertThat(i.kind()).isEqualTo(Incident.Kind.UPTIME);
            assertThat(i.severity()).isEqualTo(Incident.Severity.CRITICAL);
            assertThat(i.dedupKey()).isEqualTo("uptime:" + monitor.id());
            assertThat(i.clientId()).isEqualTo(client.id());
            assertThat(i.title()).isEqualTo("Uptime monitor \"Boutique\" is down");
        });
        assertThat(incidents.timeline(opened.getFirst().id()).getFirst().detail())
                .isEqualTo("HTTP status 500 is not among 200-399");

        runRound();
        assertThat(incidents.ofMonitor(monitor.id(), 10)).as("still down: the same incident").hasSize(1);
        assertThat(incidents.isOpen(monitor.incidentKey())).isTrue();

        runRound();
        assertThat(incidents.isOpen(monitor.incidentKey())).isFalse();
        assertThat(incidents.ofMonitor(monitor.id(), 10)).singleElement()
                .satisfies(i -> assertThat(i.state()).isEqualTo(Incident.State.RESOLVED));

        assertThat(results(monitor)).extracting(CheckResult::attempt, CheckResult::ok, CheckResult::statusCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, false, 500),
                        org.assertj.core.groups.Tuple.tuple(2, false, 500),
                        org.assertj.core.groups.Tuple.tuple(1, false, 503),
                        org.assertj.core.groups.Tuple.tuple(2, false, 503),
                        org.assertj.core.groups.Tuple.tuple(1, true, 200));
        assertThat(results(monitor)).allSatisfy(r -> assertThat(r.responseMs()).isNotNull());
    }

    @Test
    void aFailureThatTheRetryDoesNotConfirmOpensNoIncident() throws Exception {
        Monitor monitor = monitor(sites.script("/script/blip-" + UUID.randomUUID(), 500));
        runRound();
        assertThat(incidents.ofMonitor(monitor.id(), 10)).isEmpty();
        assertThat(results(monitor)).extracting(CheckResult::attempt, CheckResult::ok)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, false),
                        org.assertj.core.groups.Tuple.tuple(2, true));

        MonitorPage page = monitors.page(staff, client.id(), false, 0);
        assertThat(page.rows()).singleElement().satisfies(row -> {
            assertThat(row.state()).isEqualTo(MonitorSummary.State.UP);
            assertThat(row.uptime24h()).as("an unconfirmed failure is no downtime").isEqualTo(1.0);
        });
    }

    @Test
    void disabledAndArchivedMonitorsAreNotCheckedAndLatenessIsMeasured() throws Exception {
        Monitor archived = monitor(sites.url("/ok"));
        monitors.archive(archived.id(), staff);
        Monitor disabled = monitors.create(new MonitorDetails(client.id(), null, MonitorType.TCP, "Port",
                "127.0.0.1:" + sites.port(), null, null, null, null, null, null, false));
        Monitor checked = monitor(sites.url("/ok"));
        long before = registry.timer("vigie.uptime.check.lateness").count();

        runRound();
        assertThat(results(archived)).isEmpty();
        assertThat(results(disabled)).isEmpty();
        assertThat(results(checked)).singleElement().satisfies(r -> assertThat(r.ok()).isTrue());
        assertThat(registry.timer("vigie.uptime.check.lateness").count()).isGreaterThan(before);
    }

    @Test
    void dueTimesAreSpreadOverTheIntervalAndStable() {
        Instant now = Instant.parse("2026-03-01T10:00:00.123Z");
        Set<Long> seconds = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            Monitor m = new Monitor(UUID.randomUUID(), client.id(), null, MonitorType.TCP, "m", "h:1", 60, 10,
                    "200-399", null, 0, null, true, now, now, null);
            Instant due = UptimeScheduler.nextDue(m, now);
            assertThat(due).isBetween(now, now.plusSeconds(60));
            assertThat(UptimeScheduler.nextDue(m, now.plusSeconds(3600))).isEqualTo(due.plusSeconds(3600));
            assertThat(UptimeScheduler.nextDue(m, due.plusMillis(1))).isEqualTo(due.plusSeconds(60));
            seconds.add(Duration.between(now, due).toSeconds());
        }
        assertThat(seconds).as("1,000 monitors fall in nearly every second of the minute").hasSizeGreaterThan(55);
    }
}
