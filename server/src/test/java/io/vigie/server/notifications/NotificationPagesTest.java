package io.vigie.server.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

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

/** Notification channels in the console: a client's on the client's page, the provider's own on /notifications. */
class NotificationPagesTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ClientService clients;
    @Autowired
    NotificationService channels;

    @Test
    void staffAddAClientChannelSeeOnlyItsHostAndDisableIt() throws Exception {
        CurrentUser staff = newUser(Role.OPERATOR, null);
        Client client = clients.create(new ClientDetails("Canaux " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        assertThat(body(mvc.perform(get("/clients/" + client.id()).with(as(staff))).andReturn()))
                .contains("hx-get=\"/notifications/client?clientId=" + client.id() + "\"");

        String refused = body(mvc.perform(post("/notifications").with(as(staff)).with(csrf())
                        .param("clientId", client.id().toString()).param("type", "WEBHOOK").param("target", "pas une url"))
                .andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(refused).contains("id=\"target-error\"", "Destination invalide", "value=\"pas une url\"");
        assertThat(channels.list(staff, client.id())).isEmpty();

        mvc.perform(post("/notifications").with(as(staff)).with(csrf()).param("clientId", client.id().toString())
                        .param("type", "SLACK").param("target", "https://hooks.slack.test/services/T0/B0/s3cr3t")
                        .param("label", "Équipe du client"))
                .andExpect(redirectedUrl("/clients/" + client.id() + "#notifications"));
        String fragment = body(mvc.perform(get("/notifications/client").param("clientId", client.id().toString())
                .with(as(staff))).andExpect(status().isOk()).andReturn());
        assertThat(fragment).contains("Équipe du client", "Slack / Mattermost", "hooks.slack.test", "Actif")
                .doesNotContain("s3cr3t", "<html");

        NotificationChannel channel = channels.list(staff, client.id()).getFirst();
        mvc.perform(post("/notifications/" + channel.id() + "/disable").with(as(staff)).with(csrf()))
                .andExpect(redirectedUrl("/clients/" + client.id() + "#notifications"));
        assertThat(channels.get(channel.id(), staff).enabled()).isFalse();

        CurrentUser user = newUser(Role.CLIENT, client.id());
        assertThat(body(mvc.perform(get("/notifications/client").param("clientId", client.id().toString())
                .with(as(user))).andExpect(status().isOk()).andReturn())).contains("Équipe du client")
                .doesNotContain("Ajouter le canal", "/disable");
        mvc.perform(get("/notifications").with(as(user))).andExpect(status().isForbidden());
        mvc.perform(post("/notifications/" + channel.id() + "/enable").with(as(user)).with(csrf()))
                .andExpect(status().isForbidden());
    }
}
