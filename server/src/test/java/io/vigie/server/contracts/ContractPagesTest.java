package io.vigie.server.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.vigie.server.IntegrationTest;
import io.vigie.server.audit.AuditEntry;
import io.vigie.server.audit.AuditQuery;
import io.vigie.server.audit.AuditService;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.servers.ServerDetails;
import io.vigie.server.servers.ServerRole;
import io.vigie.server.servers.ServerService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;

/** The contract screens of the console, driven through their forms as a browser would. */
class ContractPagesTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ContractService contracts;
    @Autowired
    ClientService clients;
    @Autowired
    ServerService servers;
    @Autowired
    AuditService audit;

    CurrentUser staff;
    Client client;
    String reference;

    @BeforeEach
    void setUp() {
        staff = newUser(Role.OPERATOR, null);
        client = newClient("Contrats");
        reference = "CT-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Client newClient(String name) {
        return clients.create(new ClientDetails(name + " " + UUID.randomUUID(), null, null, null, null, null, null, "FR"));
    }

    @Test
    void staffCreateAContractThroughTheFormAndSeeItsTermsAndServers() throws Exception {
        String form = body(mvc.perform(get("/contracts/new").param("clientId", client.id().toString()).with(as(staff)))
                .andExpect(status().isOk()).andReturn());
        assertThat(form).contains("Nouveau contrat", "id=\"reference\"", "id=\"startDate\" name=\"startDate\" type=\"date\"",
                "<option value=\"" + client.id() + "\" selected>", "name=\"_csrf\"");

        MvcResult created = mvc.perform(post("/contracts").with(as(staff)).with(csrf())
                        .param("clientId", client.id().toString()).param("reference", reference)
                        .param("startDate", "2026-01-15").param("termMonths", "").param("status", "ACTIVE")
                        .param("notes", "Deux serveurs dédiés"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("notice", "contracts.notice.created"))
                .andReturn();
        Contract contract = contracts.list(staff, client.id(), false).getFirst();
        assertThat(created.getResponse().getRedirectedUrl()).isEqualTo("/contracts/" + contract.id());
        assertThat(contract.reference()).isEqualTo(reference);
        assertThat(contract.startDate()).isEqualTo(LocalDate.of(2026, 1, 15));
        assertThat(contract.termMonths()).as("the term defaults to 12 months (CON-1)").isEqualTo(12);
        assertThat(contract.status()).isEqualTo(ContractStatus.ACTIVE);

        servers.create(new ServerDetails(client.id(), contract.id(), "web1.contrats.example", ServerRole.PRODUCTION,
                null, null, null, null, List.of(), null));
        String detail = body(mvc.perform(get("/contracts/" + contract.id()).with(as(staff))).andExpect(status().isOk())
                .andReturn());
        assertThat(detail).contains(reference, client.name(), "15/01/2026", "15/01/2027", "En vigueur", "12 mois",
                "Deux serveurs dédiés", "web1.contrats.example",
                "/servers/new?clientId=" + client.id() + "&amp;contractId=" + contract.id());

        assertThat(body(mvc.perform(get("/contracts").param("clientId", client.id().toString()).with(as(staff)))
                .andReturn())).contains(reference, "1 contrat");
        Client other = newClient("Autre");
        assertThat(body(mvc.perform(get("/contracts").param("clientId", other.id().toString()).with(as(staff)))
                .andReturn())).doesNotContain(reference).contains("Aucun contrat");
    }

    @Test
    void invalidInputIsShownNextToEachFieldAndWritesNothing() throws Exception {
        String html = body(mvc.perform(post("/contracts").with(as(staff)).with(csrf())
                        .param("clientId", client.id().toString()).param("reference", "mauvaise référence")
                        .param("startDate", "2026-01-15").param("termMonths", "6").param("status", "ACTIVE"))
                .andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(html).contains("id=\"reference-error\"", "id=\"termMonths-error\"",
                "La durée initiale est de 12 mois au moins.", "value=\"mauvaise référence\"", "value=\"6\"",
                "value=\"2026-01-15\"");

        String badDate = body(mvc.perform(post("/contracts").with(as(staff)).with(csrf())
                        .param("clientId", client.id().toString()).param("reference", reference)
                        .param("startDate", "2026-13-45").param("status", "ACTIVE"))
                .andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(badDate).contains("id=\"startDate-error\"", "Date invalide", "value=\"" + reference + "\"");

        String noClient = body(mvc.perform(post("/contracts").with(as(staff)).with(csrf()).param("clientId", "")
                .param("reference", reference).param("startDate", "2026-01-15")).andExpect(status().isUnprocessableContent())
                .andReturn());
        assertThat(noClient).contains("id=\"clientId-error\"", "Ce champ est obligatoire.");
        assertThat(contracts.list(staff, client.id(), true)).isEmpty();

        contracts.create(new ContractDetails(client.id(), reference, LocalDate.now(), null, null, null));
        String taken = body(mvc.perform(post("/contracts").with(as(staff)).with(csrf())
                        .param("clientId", client.id().toString()).param("reference", reference)
                        .param("startDate", "2026-01-15")).andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(taken).contains("role=\"alert\"", "Un autre contrat a déjà cette référence.");
        assertThat(contracts.list(staff, client.id(), true)).hasSize(1);
    }

    @Test
    void staffChangeThenArchiveAContractAndEachChangeIsAudited() throws Exception {
        Contract contract = contracts.create(new ContractDetails(client.id(), reference, LocalDate.of(2026, 3, 1), 24,
                ContractStatus.DRAFT, null));
        String path = "/contracts/" + contract.id();

        assertThat(body(mvc.perform(get(path + "/edit").with(as(staff))).andExpect(status().isOk()).andReturn()))
                .contains("Modifier le contrat", "value=\"" + reference + "\"", "value=\"2026-03-01\"", "value=\"24\"",
                        "<option value=\"DRAFT\" selected>", client.name())
                .doesNotContain("<select id=\"clientId\"");
        mvc.perform(post(path).with(as(staff)).with(csrf()).param("clientId", client.id().toString())
                        .param("reference", reference).param("startDate", "2026-03-01").param("termMonths", "24")
                        .param("status", "ACTIVE").param("notes", "Signé"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("notice", "contracts.notice.updated"));
        assertThat(contracts.get(contract.id(), staff).status()).isEqualTo(ContractStatus.ACTIVE);

        mvc.perform(post(path + "/archive").with(as(staff)).with(csrf())).andExpect(status().is3xxRedirection());
        String archived = body(mvc.perform(get(path).with(as(staff))).andReturn());
        assertThat(archived).contains("Archivé").doesNotContain(path + "/edit");
        String refused = body(mvc.perform(post(path).with(as(staff)).with(csrf()).param("clientId", client.id().toString())
                        .param("reference", reference).param("startDate", "2026-03-01").param("status", "TERMINATED"))
                .andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(refused).contains("Ce contrat est archivé : il ne peut plus être modifié.");
        assertThat(contracts.get(contract.id(), staff).status()).isEqualTo(ContractStatus.ACTIVE);

        assertThat(audit.search(new AuditQuery(null, "contract.", null, contract.id().toString(), null, null, 10), staff))
                .extracting(AuditEntry::action)
                .containsExactlyInAnyOrder("contract.created", "contract.updated", "contract.archived");
    }

    @Test
    void aClientUserSeesOnlyTheirOwnContractsAndCannotChangeThem() throws Exception {
        Contract own = contracts.create(new ContractDetails(client.id(), reference, LocalDate.now(), null, null, null));
        Client other = newClient("Voisin");
        Contract theirs = contracts.create(new ContractDetails(other.id(), reference + "-V", LocalDate.now(), null,
                null, null));
        CurrentUser user = newUser(Role.CLIENT, client.id());

        String list = body(mvc.perform(get("/contracts").with(as(user))).andExpect(status().isOk()).andReturn());
        assertThat(list).contains(reference).doesNotContain(reference + "-V", "Nouveau contrat", "filter-client");
        assertThat(body(mvc.perform(get("/contracts").param("clientId", other.id().toString()).with(as(user)))
                .andReturn())).doesNotContain(reference + "-V");
        assertThat(body(mvc.perform(get("/contracts/" + own.id()).with(as(user))).andExpect(status().isOk())
                .andReturn())).contains(reference).doesNotContain("/edit", "/archive");

        mvc.perform(get("/contracts/" + theirs.id()).with(as(user))).andExpect(status().isNotFound());
        mvc.perform(get("/contracts/new").with(as(user))).andExpect(status().isForbidden());
        mvc.perform(post("/contracts/" + own.id() + "/archive").with(as(user)).with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(contracts.get(own.id(), staff).archivedAt()).isNull();
    }
}
