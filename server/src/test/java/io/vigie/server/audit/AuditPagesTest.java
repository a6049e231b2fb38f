package io.vigie.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import io.vigie.server.IntegrationTest;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;

/** The audit trail screen: filters, entries with their states, and tenant restriction. */
class AuditPagesTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ClientService clients;

    @Test
    void staffSearchTheTrailAndOpenAnEntrysStates() throws Exception {
        CurrentUser staff = newUser(Role.OPERATOR, null);
        String marker = "Audité " + UUID.randomUUID().toString().substring(0, 8);
        Client client = clients.create(new ClientDetails(marker, null, null, null, null, null, "Quimper", "FR"));
        String today = LocalDate.now(io.vigie.server.web.Page.ZONE).toString();

        String html = mvc.perform(get("/audit").with(as(staff)).param("text", client.id().toString())
                        .param("action", "client.").param("from", today).param("to", today))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("Journal d’audit", "Client créé", "client.created", client.id().toString(),
                "<details", "Avant / après", "Quimper", "value=\"client.\"", "value=\"" + today + "\"");

        String none = mvc.perform(get("/audit").with(as(staff)).param("text", client.id().toString())
                        .param("to", LocalDate.now(io.vigie.server.web.Page.ZONE).minusDays(2).toString()))
                .andReturn().getResponse().getContentAsString();
        assertThat(none).contains("Aucune entrée ne correspond").doesNotContain("Quimper");

        String invalid = mvc.perform(get("/audit").with(as(staff)).param("from", "hier").param("lang", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(invalid).contains("id=\"from-error\"", "Invalid date");
    }

    @Test
    void aClientUserSeesOnlyTheirClientsEntries() throws Exception {
        Client own = clients.create(new ClientDetails("Propre " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        Client other = clients.create(new ClientDetails("Étranger " + UUID.randomUUID(), null, null, null, null,
                null, null, "FR"));
        CurrentUser user = newUser(Role.CLIENT, own.id());

        String html = mvc.perform(get("/audit").with(as(user)).param("clientId", other.id().toString()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains(own.id().toString()).doesNotContain(other.id().toString(), other.name());
    }
}
