package io.vigie.server.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import io.vigie.server.IntegrationTest;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;

/** The account screens for staff: list, creation, change, disabling. */
class UserPagesTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ClientService clients;

    @Test
    void anOperatorCreatesAClientUserThroughTheForm() throws Exception {
        CurrentUser operator = newUser(Role.OPERATOR, null);
        Client client = clients.create(new ClientDetails("Utilisateurs " + UUID.randomUUID(), null, null, null, null,
                null, null, "FR"));
        String email = "marie-" + UUID.randomUUID() + "@example.test";

        String form = mvc.perform(get("/users/new").with(as(operator))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(form).contains("value=\"CLIENT\"", client.name(), "data-show-if=\"role=CLIENT\"")
                .doesNotContain("value=\"ADMIN\"", "value=\"OPERATOR\"");

        String refused = mvc.perform(post("/users").with(as(operator)).with(csrf()).param("email", email)
                        .param("displayName", "Marie").param("role", "CLIENT").param("clientId", "")
                        .param("password", "trop court"))
                .andExpect(status().isUnprocessableContent()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("id=\"clientId-error\"", "doit être rattaché à un client", "value=\"" + email + "\"")
                .doesNotContain("trop court");

        String shortPassword = mvc.perform(post("/users").with(as(operator)).with(csrf()).param("email", email)
                        .param("displayName", "Marie").param("role", "CLIENT").param("clientId", client.id().toString())
                        .param("password", "trop court"))
                .andExpect(status().isUnprocessableContent()).andReturn().getResponse().getContentAsString();
        assertThat(shortPassword).contains("id=\"password-error\"", "12 à 200 caractères");
        assertThat(userService.list(operator, client.id())).isEmpty();

        mvc.perform(post("/users").with(as(operator)).with(csrf()).param("email", email).param("displayName", "Marie")
                .param("role", "CLIENT").param("clientId", client.id().toString())
                .param("password", "un mot de passe solide")).andExpect(status().is3xxRedirection());
        User marie = userService.list(operator, client.id()).getFirst();
        assertThat(marie.email()).isEqualTo(email);

        String list = mvc.perform(get("/users").param("clientId", client.id().toString()).with(as(operator)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(list).contains("Marie", email, client.name(), "Actif");
    }

    @Test
    void anOperatorChangesAndDisablesAClientUserButNotAStaffAccount() throws Exception {
        CurrentUser operator = newUser(Role.OPERATOR, null);
        CurrentUser otherOperator = newUser(Role.OPERATOR, null);
        Client client = clients.create(new ClientDetails("Désactivation " + UUID.randomUUID(), null, null, null,
                null, null, null, "FR"));
        CurrentUser user = newUser(Role.CLIENT, client.id());

        String detail = mvc.perform(get("/users/" + user.id()).with(as(operator))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(detail).contains("/users/" + user.id() + "/archive", "value=\"" + user.email() + "\"");
        mvc.perform(post("/users/" + user.id()).with(as(operator)).with(csrf()).param("email", "pas une adresse")
                .param("displayName", "Nouveau nom")).andExpect(status().isUnprocessableContent());
        mvc.perform(post("/users/" + user.id()).with(as(operator)).with(csrf()).param("email", user.email())
                .param("displayName", "Nouveau nom")).andExpect(status().is3xxRedirection());
        assertThat(userService.get(user.id(), operator).displayName()).isEqualTo("Nouveau nom");
        mvc.perform(post("/users/" + user.id() + "/archive").with(as(operator)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(userService.get(user.id(), operator).archivedAt()).isNotNull();

        String staff = mvc.perform(get("/users/" + otherOperator.id()).with(as(operator))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(staff).doesNotContain("/archive", "action=\"/users/" + otherOperator.id() + "\"");
        mvc.perform(post("/users/" + otherOperator.id() + "/archive").with(as(operator)).with(csrf()))
                .andExpect(status().isForbidden());
    }

    @Test
    void clientUsersCannotOpenTheUserScreens() throws Exception {
        Client client = clients.create(new ClientDetails("Sans accès " + UUID.randomUUID(), null, null, null, null,
                null, null, "FR"));
        CurrentUser user = newUser(Role.CLIENT, client.id());
        mvc.perform(get("/users").with(as(user))).andExpect(status().isForbidden());
        mvc.perform(get("/users/new").with(as(user))).andExpect(status().isForbidden());
        mvc.perform(get("/users/" + user.id()).with(as(user))).andExpect(status().isForbidden());
    }
}
