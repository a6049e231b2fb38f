package io.vigie.server.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import io.vigie.server.IntegrationTest;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;

/** The incident screens: list, detail with timeline, acknowledgement and supplier ticket; the client's view. */
class IncidentPagesTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ClientService clients;
    @Autowired
    IncidentService incidents;

    CurrentUser staff;
    Client client;
    Incident incident;
    String key;

    @BeforeEach
    void anOpenHardwareIncident() {
        staff = newUser(Role.OPERATOR, null);
        client = clients.create(new ClientDetails("Incidents " + UUID.randomUUID(), null, null, null, null, null, null,
                "FR"));
        key = "test:" + UUID.randomUUID();
        incident = incidents.open(new Incident.Opening(client.id(), null, null, key, Incident.Kind.HARDWARE,
                Incident.Severity.CRITICAL, "RAID array degraded on web1 (md2)", "1.0 disk(s) >= 1.0 disk(s)"));
    }

    @Test
    void staffAcknowledgeAnIncidentAndRecordTheSupplierTicket() throws Exception {
        String path = "/incidents/" + incident.id();
        assertThat(body(mvc.perform(get("/incidents").param("clientId", client.id().toString()).with(as(staff)))
                .andExpect(status().isOk()).andReturn())).contains("RAID array degraded on web1 (md2)", "Ouvert · critique",
                "1 incident");
        assertThat(body(mvc.perform(get(path).with(as(staff))).andExpect(status().isOk()).andReturn()))
                .contains("Prendre en charge", "Panne matérielle", "id=\"incident-state\" data-state=\"OPEN\"",
                        "1.0 disk(s) &gt;= 1.0 disk(s)", "Chronologie");

        mvc.perform(post(path + "/acknowledge").with(as(staff)).with(csrf())).andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", "incidents.notice.acknowledged"));
        String refused = body(mvc.perform(post(path + "/ticket").param("supplierTicket", " ").with(as(staff))
                .with(csrf())).andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(refused).contains("id=\"supplierTicket-error\"", "Une référence de 1 à 100 caractères est requise.");
        mvc.perform(post(path + "/ticket").param("supplierTicket", "OVH-CS1234567").with(as(staff)).with(csrf()))
                .andExpect(status().is3xxRedirection());

        String after = body(mvc.perform(get(path).with(as(staff))).andReturn());
        assertThat(after).contains("data-state=\"ACKNOWLEDGED\"", "OVH-CS1234567", "Pris en charge")
                .doesNotContain(path + "/acknowledge");
        assertThat(incidents.timeline(incident.id())).extracting(IncidentEvent::type)
                .containsExactly("opened", "acknowledged", "ticket");

        incidents.resolve(key, "0.0 disk(s) < 0.5 disk(s)");
        assertThat(body(mvc.perform(get("/incidents").param("clientId", client.id().toString()).with(as(staff)))
                .andReturn())).contains("Aucun incident ouvert.");
        assertThat(body(mvc.perform(get("/incidents").param("clientId", client.id().toString()).param("open", "false")
                .with(as(staff))).andReturn())).contains("RAID array degraded on web1 (md2)", "Résolu");
    }

    @Test
    void aClientUserSeesTheirIncidentsButCannotActOnThem() throws Exception {
        CurrentUser user = newUser(Role.CLIENT, client.id());
        assertThat(body(mvc.perform(get("/incidents").with(as(user))).andExpect(status().isOk()).andReturn()))
                .contains("RAID array degraded on web1 (md2)").doesNotContain("filter-client");
        assertThat(body(mvc.perform(get("/incidents/" + incident.id()).with(as(user))).andExpect(status().isOk())
                .andReturn())).contains("Chronologie").doesNotContain("/acknowledge", "supplierTicket");
        mvc.perform(post("/incidents/" + incident.id() + "/acknowledge").with(as(user)).with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(incidents.get(incident.id(), staff).state()).isEqualTo(Incident.State.OPEN);
    }
}
