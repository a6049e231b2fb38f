package io.vigie.server.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.vigie.server.IntegrationTest;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;

/** The client screens of the console, driven through their forms as a browser would. */
class ClientPagesTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ClientService clients;

    @Test
    void staffCreateAClientThroughTheFormAndSeeItInTheList() throws Exception {
        CurrentUser staff = newUser(Role.OPERATOR, null);
        String name = "Boulangerie " + UUID.randomUUID().toString().substring(0, 8);
        String siren = freeSiren();

        assertThat(body(mvc.perform(get("/clients/new").with(as(staff))).andExpect(status().isOk()).andReturn()))
                .contains("Nouveau client", "id=\"name\"", "for=\"siren\"", "name=\"_csrf\"");
        mvc.perform(post("/clients").with(as(staff)).param("name", name)).andExpect(status().isForbidden());
        assertThat(clients.list(staff, true, name)).isEmpty();

        String spaced = siren.substring(0, 3) + " " + siren.substring(3, 6) + " " + siren.substring(6);
        MvcResult created = mvc.perform(post("/clients").with(as(staff)).with(csrf()).param("name", name)
                        .param("siren", spaced).param("city", "Lyon").param("country", ""))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrlPattern("/clients/*"))
                .andExpect(flash().attribute("notice", "clients.notice.created")).andReturn();
        Client client = clients.list(staff, false, name).getFirst();
        assertThat(client.siren()).isEqualTo(siren);
        assertThat(client.country()).isEqualTo("FR");
        assertThat(created.getResponse().getRedirectedUrl()).isEqualTo("/clients/" + client.id());

        assertThat(body(mvc.perform(get("/clients").with(as(staff))).andExpect(status().isOk()).andReturn()))
                .contains(name, "href=\"/clients/" + client.id() + "\"", "Nouveau client");
        assertThat(body(mvc.perform(get("/clients/" + client.id()).with(as(staff))
                        .flashAttr("notice", "clients.notice.created")).andExpect(status().isOk()).andReturn()))
                .contains(name, siren, "Lyon", "Client créé.", "Ajouter un contact");
    }

    @Test
    void anInvalidSirenShowsTheFormAgainWithTheErrorNextToTheFieldAndCreatesNothing() throws Exception {
        CurrentUser staff = newUser(Role.OPERATOR, null);
        String name = "Mauvais SIREN " + UUID.randomUUID().toString().substring(0, 8);

        String html = body(mvc.perform(post("/clients").with(as(staff)).with(csrf()).param("name", name)
                .param("siren", "123456789").param("city", "Nantes")).andExpect(status().isUnprocessableContent())
                .andReturn());
        assertThat(html).contains("id=\"siren-error\"", "SIREN invalide", "aria-invalid=\"true\"",
                "value=\"123456789\"", "value=\"" + name + "\"", "value=\"Nantes\"");
        assertThat(html.indexOf("id=\"siren-error\"")).isGreaterThan(html.indexOf("id=\"siren\""))
                .isLessThan(html.indexOf("id=\"vatNumber\""));

        String blank = body(mvc.perform(post("/clients").with(as(staff)).with(csrf()).param("name", " ")
                .param("siren", "12")).andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(blank).contains("id=\"name-error\"", "Ce champ est obligatoire", "Le SIREN compte 9 chiffres");
        assertThat(clients.list(staff, true, name)).isEmpty();
    }

    @Test
    void aSirenAlreadyTakenIsExplainedAboveTheForm() throws Exception {
        CurrentUser staff = newUser(Role.OPERATOR, null);
        String siren = freeSiren();
        clients.create(new ClientDetails("Premier " + siren, siren, null, null, null, null, null, "FR"));
        String html = body(mvc.perform(post("/clients").with(as(staff)).with(csrf()).param("name", "Second " + siren)
                .param("siren", siren).param("lang", "en")).andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(html).contains("role=\"alert\"", "Another client already has this SIREN.");
    }

    @Test
    void staffChangeAndArchiveAClientAndManageItsContacts() throws Exception {
        CurrentUser staff = newUser(Role.OPERATOR, null);
        Client client = clients.create(new ClientDetails("À modifier " + UUID.randomUUID(), null, null, null, null,
                null, null, "FR"));
        String path = "/clients/" + client.id();

        assertThat(body(mvc.perform(get(path + "/edit").with(as(staff))).andExpect(status().isOk()).andReturn()))
                .contains("Modifier le client", "value=\"" + client.name() + "\"");
        MvcResult changed = mvc.perform(post(path).with(as(staff)).with(csrf()).param("name", client.name())
                .param("city", "Brest")).andReturn();
        assertThat(changed.getResponse().getStatus()).as(body(changed)).isEqualTo(302);
        assertThat(clients.get(client.id(), staff).city()).isEqualTo("Brest");

        String badEmail = body(mvc.perform(post(path + "/contacts").with(as(staff)).with(csrf())
                .param("name", "Alice").param("email", "not-an-email").param("_billing", "on")
                .param("_technical", "on").param("_notifications", "on"))
                .andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(badEmail).contains("id=\"email-error\"", "Adresse e-mail invalide", "value=\"Alice\"");
        String noMarkers = body(mvc.perform(post(path + "/contacts").with(as(staff)).with(csrf())
                .param("name", "Alice").param("email", "alice@example.test"))
                .andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(noMarkers).contains("id=\"billing-error\"");
        assertThat(clients.contacts(client.id(), staff)).isEmpty();
        MvcResult added = mvc.perform(post(path + "/contacts").with(as(staff)).with(csrf())
                .param("name", "Alice Martin").param("email", "alice@example.test").param("billing", "true")
                .param("_billing", "on").param("_technical", "on").param("_notifications", "on"))
                .andReturn();
        assertThat(added.getResponse().getStatus()).as(body(added)).isEqualTo(302);
        ClientContact contact = clients.contacts(client.id(), staff).getFirst();
        assertThat(contact.billing()).isTrue();
        assertThat(contact.technical()).isFalse();
        assertThat(body(mvc.perform(get(path).with(as(staff))).andReturn())).contains("Alice Martin",
                "alice@example.test", "Facturation");
        mvc.perform(post(path + "/contacts/" + contact.id() + "/delete").with(as(staff)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(clients.contacts(client.id(), staff)).isEmpty();

        mvc.perform(post(path + "/archive").with(as(staff)).with(csrf())).andExpect(status().is3xxRedirection());
        String archived = body(mvc.perform(get(path).with(as(staff))).andReturn());
        assertThat(archived).contains("Archivé le").doesNotContain(path + "/edit");
    }

    @Test
    void aClientUserSeesOnlyTheirClientAndNoStaffButtons() throws Exception {
        Client own = clients.create(new ClientDetails("Le mien " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        Client other = clients.create(new ClientDetails("Autre " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        CurrentUser user = newUser(Role.CLIENT, own.id());

        String list = body(mvc.perform(get("/clients").with(as(user))).andExpect(status().isOk()).andReturn());
        assertThat(list).contains(own.name()).doesNotContain(other.name(), "Nouveau client", "/clients/new",
                "href=\"/users\"");
        String detail = body(mvc.perform(get("/clients/" + own.id()).with(as(user))).andExpect(status().isOk())
                .andReturn());
        assertThat(detail).contains(own.name()).doesNotContain("/edit", "/archive", "Ajouter un contact");

        String refused = body(mvc.perform(get("/clients/" + other.id()).with(as(user)))
                .andExpect(status().isNotFound()).andReturn());
        assertThat(refused).contains("Page introuvable").doesNotContain(other.name());
        mvc.perform(get("/clients/new").with(as(user))).andExpect(status().isForbidden());
        mvc.perform(post("/clients").with(as(user)).with(csrf()).param("name", "Intrus"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/clients/" + own.id() + "/archive").with(as(user)).with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(clients.get(own.id(), user).archivedAt()).isNull();
    }

    /** A valid SIREN (Luhn) that no other test uses. */
    private static String freeSiren() {
        String base = String.format("%08d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 100_000_000L));
        for (int check = 0; check <= 9; check++) {
            String candidate = base + check;
            if (luhn(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException();
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
