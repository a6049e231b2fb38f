package io.vigie.server.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import io.vigie.server.IntegrationTest;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;

/** The signed-in user's own account page: password change and personal API tokens. */
class AccountPagesTest extends IntegrationTest {

    private static final Pattern NEW_TOKEN = Pattern.compile("<code id=\"new-token\">(vig_[^<]+)</code>");

    @Autowired
    MockMvc mvc;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    ClientService clients;

    @Test
    void aNewTokenIsShownOnceThenOnlyItsPrefix() throws Exception {
        CurrentUser me = newUser(Role.OPERATOR, null);

        String created = mvc.perform(post("/account/tokens").with(as(me)).with(csrf()).param("name", "sauvegardes")
                        .param("expiresAt", LocalDate.now().plusDays(30).toString()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Matcher m = NEW_TOKEN.matcher(created);
        assertThat(m.find()).as("the new token is shown").isTrue();
        String value = m.group(1);
        assertThat(created).contains("Jeton « sauvegardes » créé", "il ne sera plus jamais affiché", "data-copy");
        assertThat(tokens.authenticate(value)).contains(me);

        String later = mvc.perform(get("/account").with(as(me))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(later).doesNotContain(value, "new-token").contains("sauvegardes", value.substring(0, 12) + "…");
    }

    @Test
    void aClientUserRevokesTheirTokenFromTheList() throws Exception {
        Client client = clients.create(new ClientDetails("Jetons " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        CurrentUser me = newUser(Role.CLIENT, client.id());
        ApiToken token = tokens.create(me, "à révoquer", null).token();
        mvc.perform(post("/account/tokens/" + token.id() + "/revoke").with(as(me)).with(csrf()))
                .andExpect(redirectedUrl("/account#tokens"));
        assertThat(tokens.list(me).getFirst().revokedAt()).isNotNull();
        assertThat(mvc.perform(get("/account").with(as(me))).andReturn().getResponse().getContentAsString())
                .contains("Révoqué le");
    }

    @Test
    void aTokenWithoutNameIsRefusedNextToTheField() throws Exception {
        CurrentUser me = newUser(Role.OPERATOR, null);
        String html = mvc.perform(post("/account/tokens").with(as(me)).with(csrf()).param("name", "")
                .param("expiresAt", "2020-01-01")).andExpect(status().isUnprocessableContent()).andReturn()
                .getResponse().getContentAsString();
        assertThat(html).contains("id=\"token-name-error\"", "Ce champ est obligatoire").doesNotContain("new-token");
        assertThat(tokens.list(me)).isEmpty();

        String past = mvc.perform(post("/account/tokens").with(as(me)).with(csrf()).param("name", "vieux")
                .param("expiresAt", "2020-01-01")).andExpect(status().isUnprocessableContent()).andReturn()
                .getResponse().getContentAsString();
        assertThat(past).contains("id=\"expiresAt-error\"", "doit être dans le futur", "value=\"vieux\"",
                "value=\"2020-01-01\"");
        assertThat(tokens.list(me)).isEmpty();
    }

    @Test
    void thePasswordChangesOnlyWithTheCurrentOneAndAMatchingConfirmation() throws Exception {
        CurrentUser me = newUser(Role.OPERATOR, null);
        String mismatch = mvc.perform(post("/account/password").with(as(me)).with(csrf())
                        .param("currentPassword", PASSWORD).param("newPassword", "un nouveau mot de passe")
                        .param("confirmation", "autre chose"))
                .andExpect(status().isUnprocessableContent()).andReturn().getResponse().getContentAsString();
        assertThat(mismatch).contains("id=\"confirmation-error\"", "ne correspondent pas")
                .doesNotContain("un nouveau mot de passe");

        String wrong = mvc.perform(post("/account/password").with(as(me)).with(csrf())
                        .param("currentPassword", "pas le bon").param("newPassword", "un nouveau mot de passe")
                        .param("confirmation", "un nouveau mot de passe"))
                .andExpect(status().isUnprocessableContent()).andReturn().getResponse().getContentAsString();
        assertThat(wrong).contains("id=\"currentPassword-error\"", "Mot de passe actuel incorrect");

        mvc.perform(post("/account/password").with(as(me)).with(csrf()).param("currentPassword", PASSWORD)
                        .param("newPassword", "un nouveau mot de passe").param("confirmation", "un nouveau mot de passe"))
                .andExpect(redirectedUrl("/account"));
    }
}
