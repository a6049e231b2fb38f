package io.vigie.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import io.vigie.server.IntegrationTest;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;

/**
 * The console's frame: the login page in both languages, the entry redirects, the static assets
 * the layout links to, and the friendly error pages.
 */
class LoginPagesTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ClientService clients;

    @Test
    void theLoginPageIsInFrenchByDefault() throws Exception {
        String html = mvc.perform(get("/login").param("error", "")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(html).contains("<html lang=\"fr\">", "Connexion", "Identifiant ou mot de passe incorrect",
                "id=\"email\"", "name=\"email\"", "id=\"password\"", "type=\"submit\"", "name=\"_csrf\"",
                "href=\"?lang=en\"");
        assertThat(html).doesNotContain("??");
    }

    @Test
    void theLoginPageIsInEnglishOnRequest() throws Exception {
        String html = mvc.perform(get("/login").param("lang", "en").param("locked", "")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(html).contains("<html lang=\"en\">", "Sign in", "Account temporarily locked",
                "href=\"?lang=fr\"");
        assertThat(html).doesNotContain("Connexion", "??");
    }

    @Test
    void theLoginPageSaysGoodbyeAfterSigningOut() throws Exception {
        assertThat(mvc.perform(get("/login").param("logout", "")).andReturn().getResponse().getContentAsString())
                .contains("Vous êtes déconnecté");
    }

    @Test
    void anonymousVisitorsAreSentToTheLoginPage() throws Exception {
        mvc.perform(get("/clients")).andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", endsWith("/login")));
    }

    @Test
    void theConsoleOpensOnTheServersAndSignedInUsersSkipTheLoginPage() throws Exception {
        CurrentUser staff = newUser(Role.OPERATOR, null);
        mvc.perform(get("/").with(as(staff))).andExpect(redirectedUrl("/servers"));
        mvc.perform(get("/login").with(as(staff))).andExpect(redirectedUrl("/"));
    }

    @Test
    void theLayoutShowsTheNavigationTheUserAndTheSignOutForm() throws Exception {
        CurrentUser staff = newUser(Role.OPERATOR, null);
        String html = mvc.perform(get("/clients").with(as(staff))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(html).contains("href=\"/servers\"", "href=\"/contracts\"", "href=\"/audit\"", "href=\"/users\"",
                "href=\"/account\"", "aria-current=\"page\"", staff.displayName(), "action=\"/logout\"",
                "hx-headers=\"{&#34;X-CSRF-TOKEN&#34;:&#34;", "/webjars/htmx.org/2.0.10/dist/htmx.min.js");
    }

    @Test
    void theAssetsTheLayoutLinksToAreServedToEveryone() throws Exception {
        for (String asset : new String[] { "/webjars/htmx.org/2.0.10/dist/htmx.min.js", "/css/vigie.css",
                "/js/vigie.js", "/favicon.ico", "/css/favicon.svg" }) {
            mvc.perform(get(asset)).andExpect(status().isOk());
        }
    }

    @Test
    void anUnknownRecordGivesAFriendlyPageWithoutInternals() throws Exception {
        CurrentUser staff = newUser(Role.OPERATOR, null);
        String id = UUID.randomUUID().toString();
        String html = mvc.perform(get("/clients/" + id).with(as(staff))).andExpect(status().isNotFound())
                .andReturn().getResponse().getContentAsString();
        assertThat(html).contains("Page introuvable", "Erreur 404", "href=\"/servers\"");
        assertThat(html).doesNotContain(id, "Exception", "at io.vigie");
        mvc.perform(get("/clients/not-a-uuid").with(as(staff))).andExpect(status().isNotFound());
    }

    @Test
    void aRoleThatMayNotActGetsAFriendlyForbiddenPage() throws Exception {
        UUID clientId = clients.create(new ClientDetails("Login test " + UUID.randomUUID(), null, null, null, null,
                null, null, "FR")).id();
        CurrentUser client = newUser(Role.CLIENT, clientId);
        String html = mvc.perform(get("/users").with(as(client))).andExpect(status().isForbidden()).andReturn()
                .getResponse().getContentAsString();
        assertThat(html).contains("Accès refusé", "Erreur 403");
    }
}
