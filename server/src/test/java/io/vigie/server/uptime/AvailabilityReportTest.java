package io.vigie.server.uptime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.vigie.server.IntegrationTest;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.incidents.Incident;
import io.vigie.server.incidents.IncidentService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;
import io.vigie.server.web.Page;

/**
 * The monthly availability report: downtime from a monitor's incidents within the month, time to
 * resolve, the CSV a French spreadsheet opens, and who may read it.
 */
class AvailabilityReportTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ClientService clients;
    @Autowired
    UptimeService monitors;
    @Autowired
    IncidentService incidents;
    @Autowired
    AvailabilityReport reports;

    CurrentUser staff;
    Client client;
    Monitor shop;
    YearMonth month;
    Instant monthStart;
    long monthSeconds;

    @BeforeEach
    void aMonthWithTwoOutages() {
        staff = newUser(Role.OPERATOR, null);
        client = clients.create(new ClientDetails("Disponibilité " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        month = YearMonth.now(Page.ZONE).minusMonths(1);
        monthStart = month.atDay(1).atStartOfDay(Page.ZONE).toInstant();
        monthSeconds = month.plusMonths(1).atDay(1).atStartOfDay(Page.ZONE).toInstant().getEpochSecond()
                - monthStart.getEpochSecond();
        shop = monitor("=HYPERLINK(\"http://evil\")");
        Monitor other = monitor("Blog");
        outage(shop, monthStart.plusSeconds(86_400), 1_800);
        outage(shop, monthStart.plusSeconds(10 * 86_400), 3_600);
        outage(other, monthStart.plusSeconds(5 * 86_400), 600);
        // Another kind of incident of the same client does not count.
        incidents.open(new Incident.Opening(client.id(), null, null, "test:" + UUID.randomUUID(), Incident.Kind.ALERT,
                Incident.Severity.WARNING, "Memory used", null));
    }

    private Monitor monitor(String name) {
        Monitor m = monitors.create(new MonitorDetails(client.id(), null, MonitorType.HTTP, name,
                "https://" + UUID.randomUUID() + ".example.test/", null, null, null, null, null, null, false));
        jdbc.sql("update uptime_monitors set created_at = ? where id = ?")
                .params(Timestamp.from(monthStart.minusSeconds(86_400)), m.id()).update();
        return m;
    }

    private void outage(Monitor monitor, Instant opened, long seconds) {
        Incident i = incidents.open(new Incident.Opening(client.id(), null, monitor.id(), monitor.incidentKey(),
                Incident.Kind.UPTIME, Incident.Severity.CRITICAL, monitor.name() + " is down", null));
        incidents.resolve(monitor.incidentKey(), "up again");
        jdbc.sql("update incidents set opened_at = ?, resolved_at = ? where id = ?")
                .params(Timestamp.from(opened), Timestamp.from(opened.plusSeconds(seconds)), i.id())
                .update();
    }

    @Test
    void downtimeAndTimeToResolveComeFromTheMonitorsIncidentsOfTheMonth() {
        AvailabilityReport.Report report = reports.report(client.id(), month, staff);
        AvailabilityReport.Line line = report.lines().stream().filter(l -> l.monitorId().equals(shop.id())).findFirst()
                .orElseThrow();
        assertThat(line.observedSeconds()).isEqualTo(monthSeconds);
        assertThat(line.downSeconds()).isEqualTo(5_400);
        assertThat(line.availabilityPercent()).isCloseTo(100.0 * (monthSeconds - 5_400) / monthSeconds, within(1e-9));
        assertThat(line.incidents()).isEqualTo(2);
        assertThat(line.meanTimeToResolveSeconds()).isEqualTo(2_700);
        assertThat(line.maxTimeToResolveSeconds()).isEqualTo(3_600);
        assertThat(report.lines()).hasSize(2);

        AvailabilityReport.Report current = reports.report(client.id(), month.plusMonths(1), staff);
        assertThat(current.lines()).allSatisfy(l -> {
            assertThat(l.downSeconds()).isZero();
            assertThat(l.availabilityPercent()).isEqualTo(100.0);
        });
    }

    @Test
    void theCsvOpensInAFrenchSpreadsheetAndTheApiAndPortalAnswerOnlyTheirClient() throws Exception {
        String csv = new String(mvc.perform(get("/api/v1/clients/" + client.id() + "/availability.csv")
                        .param("month", month.toString()).with(as(staff)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFFmoniteur;cible;mois;").contains("\"'=HYPERLINK(\"\"http://evil\"\")\";")
                .contains(";" + month + ";" + monthSeconds + ";5400;")
                .contains(String.format(Locale.FRANCE, "%.3f", 100.0 * (monthSeconds - 5_400) / monthSeconds));

        CurrentUser user = newUser(Role.CLIENT, client.id());
        mvc.perform(get("/api/v1/clients/" + client.id() + "/availability").param("month", month.toString())
                        .with(as(user)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.lines.length()").value(2));
        assertThat(body(mvc.perform(get("/clients/" + client.id() + "/availability").param("month", month.toString())
                .with(as(user))).andExpect(status().isOk()).andReturn())).contains("Disponibilité de", "1 h 30 min",
                "Blog", "0 h 45 min", "Télécharger en CSV");
        mvc.perform(get("/api/v1/clients/" + client.id() + "/availability").param("month",
                month.plusMonths(2).toString()).with(as(staff)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("month"));

        Client other = clients.create(new ClientDetails("Autre " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        CurrentUser stranger = newUser(Role.CLIENT, other.id());
        mvc.perform(get("/api/v1/clients/" + client.id() + "/availability").with(as(stranger)))
                .andExpect(status().isNotFound());
    }
}
