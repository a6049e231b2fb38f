package io.vigie.server.uptime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import io.vigie.server.IntegrationTest;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.incidents.Incident;
import io.vigie.server.incidents.IncidentService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;

/**
 * The uptime screens of the console, in French: creation with its errors shown next to their
 * fields, the list with each monitor's state, the detail with results and incidents, and what a
 * client user may see and do.
 */
class UptimePagesTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    UptimeService monitors;
    @Autowired
    ClientService clients;
    @Autowired
    IncidentService incidents;

    CurrentUser staff;
    Client client;

    @BeforeEach
    void setUp() {
        staff = newUser(Role.OPERATOR, null);
        client = clients.create(new ClientDetails("Sondes " + UUID.randomUUID(), null, null, null, null, null, null,
                "FR"));
    }

    @Test
    void staffCreateAMonitorAndSeeItsStateResultsAndIncidents() throws Exception {
        String form = body(mvc.perform(get("/monitors/new").with(as(staff))).andExpect(status().isOk()).andReturn());
        assertThat(form).contains("Nouvelle sonde", "id=\"target\"", "id=\"intervalSeconds\" name=\"intervalSeconds\"",
                "value=\"60\"", "value=\"200-399\"", "data-show-if=\"type=HTTP\"", "hx-get=\"/monitors/new/servers\"");

        String refused = body(mvc.perform(post("/monitors").with(as(staff)).with(csrf())
                        .param("clientId", client.id().toString()).param("type", "HTTP").param("name", "Boutique")
                        .param("target", "boutique.example.fr").param("intervalSeconds", "10")
                        .param("timeoutSeconds", "5").param("enabled", "true"))
                .andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(refused).contains("L’intervalle est de 20 secondes au moins.", "value=\"boutique.example.fr\"");

        String badTarget = body(mvc.perform(post("/monitors").with(as(staff)).with(csrf())
                        .param("clientId", client.id().toString()).param("type", "HTTP").param("name", "Boutique")
                        .param("target", "boutique.example.fr").param("intervalSeconds", "60"))
                .andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(badTarget).contains("Cible invalide pour ce type");
        mvc.perform(post("/monitors").with(as(staff)).with(csrf()).param("clientId", client.id().toString())
                .param("type", "PING").param("name", "X").param("target", "x")).andExpect(status().isUnprocessableContent());
        assertThat(monitors.list(staff, client.id(), true)).isEmpty();

        mvc.perform(post("/monitors").with(as(staff)).with(csrf()).param("clientId", client.id().toString())
                        .param("type", "HTTP").param("name", "Boutique").param("target", "http://127.0.0.1:9/")
                        .param("intervalSeconds", "60").param("timeoutSeconds", "10").param("expectedStatus", "200-399")
                        .param("keyword", "Panier").param("certWarningDays", "14").param("enabled", "true")
                        .param("_enabled", "on"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("notice", "monitors.notice.created"));
        Monitor monitor = monitors.list(staff, client.id(), false).getFirst();
        assertThat(monitor.keyword()).isEqualTo("Panier");

        String list = body(mvc.perform(get("/monitors").param("clientId", client.id().toString()).with(as(staff)))
                .andExpect(status().isOk()).andReturn());
        assertThat(list).contains("Disponibilité", "1 sonde", "Boutique", "data-state=\"UNKNOWN\"", "Inconnu",
                "href=\"/monitors\" aria-current=\"page\"");

        monitors.record(monitor.id(), new CheckResult(Instant.now(), 1, false, 3, null, "connection refused", null));
        monitors.record(monitor.id(), new CheckResult(Instant.now(), 2, false, 4, null, "connection refused", null));
        incidents.open(new Incident.Opening(client.id(), null, monitor.id(), monitor.incidentKey(),
                Incident.Kind.UPTIME, Incident.Severity.CRITICAL, "Uptime monitor \"Boutique\" is down",
                "connection refused"));
        list = body(mvc.perform(get("/monitors").param("clientId", client.id().toString()).with(as(staff)))
                .andExpect(status().isOk()).andReturn());
        assertThat(list).contains("data-state=\"DOWN\"", "Indisponible", "4 ms", "0,00 %");

        String detail = body(mvc.perform(get("/monitors/" + monitor.id()).with(as(staff))).andExpect(status().isOk())
                .andReturn());
        assertThat(detail).contains("Réglages", "http://127.0.0.1:9/", "Dernières vérifications", "Confirmation",
                "connection refused", "Incidents de cette sonde", "Ouvert", "Archiver");

        mvc.perform(post("/monitors/" + monitor.id()).with(as(staff)).with(csrf())
                        .param("clientId", client.id().toString()).param("type", "TCP").param("name", "Base")
                        .param("target", "127.0.0.1:9").param("intervalSeconds", "30").param("timeoutSeconds", "5")
                        .param("_enabled", "on"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("notice", "monitors.notice.updated"));
        Monitor changed = monitors.get(monitor.id(), staff);
        assertThat(changed.type()).isEqualTo(MonitorType.TCP);
        assertThat(changed.enabled()).isFalse();
        assertThat(incidents.isOpen(monitor.incidentKey())).as("disabling resolves the incident").isFalse();

        mvc.perform(post("/monitors/" + monitor.id() + "/archive").with(as(staff)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(monitors.get(monitor.id(), staff).archivedAt()).isNotNull();
    }

    @Test
    void aClientUserSeesOnlyTheirOwnMonitorsAndChangesNothing() throws Exception {
        Monitor own = monitors.create(new MonitorDetails(client.id(), null, MonitorType.DNS, "Nom de domaine",
                "boutique.example.fr", null, null, null, null, null, null, false));
        Client other = clients.create(new ClientDetails("Autre " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        Monitor foreign = monitors.create(new MonitorDetails(other.id(), null, MonitorType.DNS, "Étranger",
                "autre.example.fr", null, null, null, null, null, null, false));
        CurrentUser user = newUser(Role.CLIENT, client.id());

        String list = body(mvc.perform(get("/monitors").with(as(user))).andExpect(status().isOk()).andReturn());
        assertThat(list).contains("Nom de domaine").doesNotContain("Étranger", "Nouvelle sonde");
        String detail = body(mvc.perform(get("/monitors/" + own.id()).with(as(user))).andExpect(status().isOk())
                .andReturn());
        assertThat(detail).contains("Nom de domaine", "Désactivée").doesNotContain("Archiver");
        mvc.perform(get("/monitors/" + foreign.id()).with(as(user))).andExpect(status().isNotFound());
        mvc.perform(get("/monitors/new").with(as(user))).andExpect(status().isForbidden());
        mvc.perform(post("/monitors/" + own.id() + "/archive").with(as(user)).with(csrf()))
                .andExpect(status().isForbidden());
    }
}
