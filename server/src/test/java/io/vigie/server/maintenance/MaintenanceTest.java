package io.vigie.server.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.vigie.server.IntegrationTest;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.incidents.Incident;
import io.vigie.server.incidents.IncidentService;
import io.vigie.server.notifications.NotificationChannel;
import io.vigie.server.notifications.NotificationService;
import io.vigie.server.servers.Server;
import io.vigie.server.servers.ServerDetails;
import io.vigie.server.servers.ServerRole;
import io.vigie.server.servers.ServerService;
import io.vigie.server.uptime.AvailabilityReport;
import io.vigie.server.uptime.Monitor;
import io.vigie.server.uptime.MonitorDetails;
import io.vigie.server.uptime.MonitorType;
import io.vigie.server.uptime.UptimeService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;
import io.vigie.server.web.Page;

/**
 * Maintenance windows: declared in advance and only by staff, refused with a problem naming the
 * field; incidents they cover are recorded but not notified until the window is over; their time
 * is left out of the availability report.
 */
class MaintenanceTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ClientService clients;
    @Autowired
    ServerService servers;
    @Autowired
    UptimeService monitors;
    @Autowired
    IncidentService incidents;
    @Autowired
    NotificationService channels;
    @Autowired
    MaintenanceService windows;
    @Autowired
    AvailabilityReport reports;

    CurrentUser staff;
    Client client;
    Server web;
    Server db;
    NotificationChannel channel;

    @BeforeEach
    void aClientWithTwoServersAndAChannel() {
        staff = newUser(Role.OPERATOR, null);
        client = clients.create(new ClientDetails("Maintenance " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        web = server("web");
        db = server("db");
        channel = channels.create(new NotificationService.NewChannel(client.id(), NotificationChannel.Type.WEBHOOK,
                "https://hooks.example.test/" + UUID.randomUUID(), "ops"), staff);
    }

    private Server server(String name) {
        return servers.create(new ServerDetails(client.id(), null, name + "-" + UUID.randomUUID() + ".example.test",
                ServerRole.PRODUCTION, null, null, null, null, List.of(), null));
    }

    private static LocalDateTime nowInParis() {
        return LocalDateTime.now(Page.ZONE).truncatedTo(ChronoUnit.MINUTES);
    }

    private MaintenanceWindow declare(UUID serverId, UUID monitorId, LocalDateTime start, int minutes) {
        return windows.create(new MaintenanceDetails(client.id(), serverId, monitorId, "Mise à jour du noyau", start,
                minutes, MaintenanceWindow.Recurrence.ONCE, null, null, null), staff);
    }

    private Incident open(Server server, String cause) {
        return incidents.open(new Incident.Opening(client.id(), server.id(), null,
                "test:" + server.id() + ":" + cause, Incident.Kind.ALERT, Incident.Severity.WARNING, "CPU busy",
                "95 % > 90 %"));
    }

    /** @return the notifications queued to this test's client channel for an incident, by event type */
    private List<String> notified(Incident incident) {
        return jdbc.sql("select e.type from notification_outbox o join incident_events e on e.id = o.event_id"
                        + " where e.incident_id = ? and o.channel_id = ? order by e.id")
                .params(incident.id(), channel.id()).query(String.class).list();
    }

    private List<String> timeline(Incident incident) {
        return incidents.timeline(incident.id()).stream().map(e -> e.type()).toList();
    }

    @Test
    void anIncidentOpenedInAWindowIsRecordedButNotNotifiedAndAnotherServerStillIs() {
        MaintenanceWindow window = declare(web.id(), null, nowInParis(), 60);

        Incident held = open(web, "cpu");
        Incident other = open(db, "cpu");

        assertThat(held.silenced()).isTrue();
        assertThat(timeline(held)).containsExactly("opened", "silenced");
        assertThat(incidents.timeline(held.id()).getLast().detail()).isEqualTo(window.title());
        assertThat(notified(held)).isEmpty();
        assertThat(other.silenced()).isFalse();
        assertThat(notified(other)).containsExactly("opened");

        incidents.resolve(held.dedupKey(), "back to 20 %");
        assertThat(timeline(held)).containsExactly("opened", "silenced", "resolved");
        assertThat(notified(held)).as("opened and resolved within the window: never notified").isEmpty();
        assertThat(incidents.releaseAfterMaintenance()).isZero();
    }

    @Test
    void anIncidentStillOpenWhenTheWindowEndsIsNotifiedOnce() {
        MaintenanceWindow window = declare(null, null, nowInParis(), 120);
        Incident held = open(web, "memory");
        jdbc.sql("update incidents set last_notified_at = ? where id = ?")
                .params(Timestamp.from(Instant.now().minus(Duration.ofHours(1))), held.id()).update();
        incidents.remind();
        assertThat(notified(held)).as("no reminder while held").isEmpty();
        assertThat(incidents.releaseAfterMaintenance()).as("the window is still in progress").isZero();

        windows.end(window.id(), staff);
        assertThat(incidents.releaseAfterMaintenance()).isEqualTo(1);
        assertThat(incidents.releaseAfterMaintenance()).as("released once").isZero();

        assertThat(timeline(held)).containsExactly("opened", "silenced", "maintenance-ended");
        assertThat(notified(held)).containsExactly("maintenance-ended");
        incidents.resolve(held.dedupKey(), "back to 40 %");
        assertThat(notified(held)).containsExactly("maintenance-ended", "resolved");
    }

    @Test
    void anIncidentOpenBeforeTheWindowIsNotSilencedButItsRemindersWait() {
        Incident earlier = open(web, "load");
        declare(web.id(), null, nowInParis(), 60);
        jdbc.sql("update incidents set last_notified_at = ? where id = ?")
                .params(Timestamp.from(Instant.now().minus(Duration.ofHours(1))), earlier.id()).update();
        incidents.remind();
        assertThat(notified(earlier)).containsExactly("opened");
        incidents.resolve(earlier.dedupKey(), "load 0.5");
        assertThat(notified(earlier)).containsExactly("opened", "resolved");
    }

    @Test
    void theAvailabilityReportLeavesMaintenanceOut() {
        Monitor shop = monitors.create(new MonitorDetails(client.id(), web.id(), MonitorType.HTTP, "Boutique",
                "https://" + UUID.randomUUID() + ".example.test/", null, null, null, null, null, null, false));
        YearMonth month = YearMonth.now(Page.ZONE).minusMonths(1);
        Instant monthStart = month.atDay(1).atStartOfDay(Page.ZONE).toInstant();
        long monthSeconds = Duration.between(monthStart, month.plusMonths(1).atDay(1).atStartOfDay(Page.ZONE)
                .toInstant()).toSeconds();
        jdbc.sql("update uptime_monitors set created_at = ? where id = ?")
                .params(Timestamp.from(monthStart.minusSeconds(86_400)), shop.id()).update();
        // Two hours of maintenance on the server on day 3 at 02:00, one on the monitor on day 3 at
        // 03:00 overlapping it, and a one-hour outage from 03:30.
        LocalDateTime day3 = month.atDay(3).atTime(2, 0);
        backdate(declare(web.id(), null, nowInParis().plusDays(1), 120), day3);
        backdate(declare(null, shop.id(), nowInParis().plusDays(1), 60), day3.plusHours(1));
        Instant outage = day3.plusMinutes(90).atZone(Page.ZONE).toInstant();
        Incident down = incidents.open(new Incident.Opening(client.id(), web.id(), shop.id(), shop.incidentKey(),
                Incident.Kind.UPTIME, Incident.Severity.CRITICAL, "Boutique is down", null));
        incidents.resolve(shop.incidentKey(), "up again");
        jdbc.sql("update incidents set opened_at = ?, resolved_at = ? where id = ?")
                .params(Timestamp.from(outage), Timestamp.from(outage.plusSeconds(3_600)), down.id()).update();

        AvailabilityReport.Line line = reports.report(client.id(), month, staff).lines().getFirst();
        assertThat(line.maintenanceSeconds()).as("02:00 to 04:00, overlap counted once").isEqualTo(7_200);
        assertThat(line.observedSeconds()).isEqualTo(monthSeconds - 7_200);
        assertThat(line.downSeconds()).as("only 04:00 to 04:30 is outside maintenance").isEqualTo(1_800);
        assertThat(line.incidents()).isEqualTo(1);
        assertThat(AvailabilityReport.csv(reports.report(client.id(), month, staff)))
                .contains("maintenance (s)\r\n").contains(";1800;").endsWith(";7200\r\n");
    }

    /** Moves a window's first occurrence to a past local time, as if declared back then. */
    private void backdate(MaintenanceWindow window, LocalDateTime start) {
        jdbc.sql("update maintenance_windows set start_local = ?, first_start = ? where id = ?")
                .params(start, Timestamp.from(start.atZone(Page.ZONE).toInstant()), window.id()).update();
    }

    @Test
    void theApiDeclaresChangesAndEndsWindowsAndRefusesBadOnesNamingTheField() throws Exception {
        String start = nowInParis().plusDays(2).toString();
        String created = body(mvc.perform(post("/api/v1/maintenance-windows").with(as(staff))
                        .contentType(MediaType.APPLICATION_JSON).content("""
                                {"clientId": "%s", "serverId": "%s", "title": "Migration MariaDB", "start": "%s",
                                 "durationMinutes": 90, "recurrence": "WEEKLY", "weekdays": ["SUNDAY", "WEDNESDAY"]}"""
                                .formatted(client.id(), db.id(), start)))
                .andExpect(status().isCreated()).andExpect(header().exists("Location"))
                .andExpect(jsonPath("$.state").value("PLANNED"))
                .andExpect(jsonPath("$.window.zone").value("Europe/Paris"))
                .andExpect(jsonPath("$.next.length()").value(10)).andReturn());
        String id = created.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

        mvc.perform(put("/api/v1/maintenance-windows/" + id).with(as(staff)).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"clientId": "%s", "title": "Migration MariaDB", "start": "%s", "durationMinutes": 30,
                                 "recurrence": "DAILY"}""".formatted(client.id(), start)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.window.recurrence").value("DAILY"))
                .andExpect(jsonPath("$.window.weekdays.length()").value(0));
        mvc.perform(post("/api/v1/maintenance-windows/" + id + "/end").with(as(staff)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("PAST"));
        mvc.perform(post("/api/v1/maintenance-windows/" + id + "/end").with(as(staff)))
                .andExpect(status().isConflict());
        mvc.perform(put("/api/v1/maintenance-windows/" + id).with(as(staff)).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"clientId": "%s", "title": "x", "start": "%s", "durationMinutes": 30,
                                 "recurrence": "ONCE"}""".formatted(client.id(), start)))
                .andExpect(status().isConflict());

        Client other = clients.create(new ClientDetails("Autre " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        String future = nowInParis().plusHours(3).toString();
        refused("""
                {"clientId": "%s", "title": "t", "start": "%s", "durationMinutes": 60, "recurrence": "ONCE"}"""
                .formatted(client.id(), nowInParis().minusHours(1)), "start");
        refused("""
                {"clientId": "%s", "title": "t", "start": "%s", "durationMinutes": 60, "recurrence": "WEEKLY"}"""
                .formatted(client.id(), future), "weekdays");
        refused("""
                {"clientId": "%s", "title": "t", "start": "%s", "durationMinutes": 1440, "recurrence": "DAILY"}"""
                .formatted(client.id(), future), "durationMinutes");
        refused("""
                {"clientId": "%s", "serverId": "%s", "title": "t", "start": "%s", "durationMinutes": 60,
                 "recurrence": "ONCE"}""".formatted(other.id(), web.id(), future), "serverId");
        refused("""
                {"clientId": "%s", "title": "t", "start": "%s", "durationMinutes": 60, "recurrence": "ONCE",
                 "zone": "Europe/Atlantis"}""".formatted(client.id(), future), "zone");
        refused("""
                {"clientId": "%s", "title": "", "start": "%s", "durationMinutes": 0, "recurrence": "ONCE"}"""
                .formatted(client.id(), future), "durationMinutes", "title");
        assertThat(windows.list(staff, other.id(), null)).isEmpty();
    }

    private void refused(String json, String... fields) throws Exception {
        long before = jdbc.sql("select count(*) from maintenance_windows").query(Long.class).single();
        String problem = body(mvc.perform(post("/api/v1/maintenance-windows").with(as(staff))
                        .contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isBadRequest()).andReturn());
        for (String field : fields) {
            assertThat(problem).contains("\"field\":\"" + field + "\"");
        }
        assertThat(jdbc.sql("select count(*) from maintenance_windows").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void clientUsersSeeTheirOwnWindowsAndChangeNone() throws Exception {
        MaintenanceWindow window = declare(web.id(), null, nowInParis().plusDays(1), 60);
        CurrentUser user = newUser(Role.CLIENT, client.id());
        mvc.perform(get("/api/v1/maintenance-windows").with(as(user)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].window.id").value(window.id().toString()));
        mvc.perform(post("/api/v1/maintenance-windows/" + window.id() + "/end").with(as(user)))
                .andExpect(status().isForbidden());
        assertThat(body(mvc.perform(get("/maintenance").with(as(user))).andExpect(status().isOk()).andReturn()))
                .contains("Mise à jour du noyau", "Prévue").doesNotContain("Déclarer une maintenance");

        Client other = clients.create(new ClientDetails("Autre " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        CurrentUser stranger = newUser(Role.CLIENT, other.id());
        mvc.perform(get("/api/v1/maintenance-windows/" + window.id()).with(as(stranger)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/maintenance/" + window.id()).with(as(stranger))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/maintenance-windows").with(as(stranger)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void theConsoleDeclaresAWindowAndKeepsTheFormOnError() throws Exception {
        String scope = body(mvc.perform(get("/maintenance/new/scope").param("clientId", client.id().toString())
                .with(as(staff))).andExpect(status().isOk()).andReturn());
        assertThat(scope).contains(web.hostname(), db.hostname(), "Aucun (tout le client)");

        String start = nowInParis().plusDays(1).toString();
        String location = mvc.perform(post("/maintenance").with(as(staff))
                        .with(csrf())
                        .param("clientId", client.id().toString()).param("serverId", web.id().toString())
                        .param("monitorId", "").param("title", "Redémarrage").param("start", start)
                        .param("durationMinutes", "45").param("recurrence", "WEEKLY")
                        .param("weekdays", "MONDAY", "FRIDAY").param("endsOn", "").param("zone", "Europe/Paris"))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        MaintenanceWindow window = windows.get(UUID.fromString(location.substring("/maintenance/".length())), staff);
        assertThat(window.weekdays()).containsExactlyInAnyOrderElementsOf(
                Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        assertThat(window.durationMinutes()).isEqualTo(45);
        assertThat(body(mvc.perform(get(location).with(as(staff))).andExpect(status().isOk()).andReturn()))
                .contains("Redémarrage", "chaque lundi, vendredi à", "pendant 0 h 45 min", web.hostname(), "Terminer");

        String refused = body(mvc.perform(post("/maintenance").with(as(staff))
                        .with(csrf())
                        .param("clientId", client.id().toString()).param("title", "Après coup")
                        .param("start", nowInParis().minusDays(1).toString()).param("durationMinutes", "60")
                        .param("recurrence", "ONCE"))
                .andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(refused).contains("Après coup", "aria-invalid=\"true\"");

        assertThat(body(mvc.perform(get("/maintenance").param("clientId", client.id().toString()).with(as(staff)))
                .andExpect(status().isOk()).andReturn())).contains("Redémarrage", "Déclarer une maintenance");
    }
}
