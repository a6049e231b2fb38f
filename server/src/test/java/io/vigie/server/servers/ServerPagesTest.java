package io.vigie.server.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.EnrollmentRequest;
import io.vigie.protocol.EnrollmentResponse;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.Heartbeat;
import io.vigie.protocol.HostFacts;
import io.vigie.protocol.MessageBatch;
import io.vigie.server.IntegrationTest;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.contracts.Contract;
import io.vigie.server.contracts.ContractDetails;
import io.vigie.server.contracts.ContractService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server screens of the console: creation with the client's contracts, the agent's state and
 * the host's facts as the agent reports them through the real agent API, the enrollment command,
 * and what a client user may see.
 */
class ServerPagesTest extends IntegrationTest {

    private static final Pattern TOKEN = Pattern.compile("--token (\\S+)");

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ServerService servers;
    @Autowired
    ClientService clients;
    @Autowired
    ContractService contracts;

    CurrentUser staff;
    Client client;
    Contract contract;
    String hostname;

    @BeforeEach
    void setUp() {
        staff = newUser(Role.OPERATOR, null);
        client = newClient("Serveurs");
        contract = newContract(client);
        hostname = "web-" + UUID.randomUUID().toString().substring(0, 8) + ".example.test";
    }

    private Client newClient(String name) {
        return clients.create(new ClientDetails(name + " " + UUID.randomUUID(), null, null, null, null, null, null, "FR"));
    }

    private Contract newContract(Client owner) {
        return contracts.create(new ContractDetails(owner.id(), "CT-" + UUID.randomUUID().toString().substring(0, 8),
                LocalDate.now(), null, null, null));
    }

    private Server newServer(Client owner) {
        return servers.create(new ServerDetails(owner.id(), null, hostname, ServerRole.PRODUCTION, null, null, null,
                null, List.of(), null));
    }

    @Test
    void staffCreateAServerUnderAContractOfItsClient() throws Exception {
        Contract otherContract = newContract(newClient("Autre"));
        String options = body(mvc.perform(get("/servers/new/contracts").param("clientId", client.id().toString())
                .with(as(staff))).andExpect(status().isOk()).andReturn());
        assertThat(options).contains("<option value=\"" + contract.id() + "\"", contract.reference(), "Aucun contrat")
                .doesNotContain(otherContract.reference(), "<html");

        String form = body(mvc.perform(get("/servers/new").with(as(staff))).andExpect(status().isOk()).andReturn());
        assertThat(form).contains("Nouveau serveur", "id=\"hostname\"", "id=\"contractId\"",
                "hx-get=\"/servers/new/contracts\"", "hx-target=\"#contractId\"", "<option value=\"PRODUCTION\" selected>");

        MvcResult created = mvc.perform(post("/servers").with(as(staff)).with(csrf())
                        .param("clientId", client.id().toString()).param("contractId", contract.id().toString())
                        .param("hostname", hostname).param("role", "PRODUCTION")
                        .param("publicIps", "203.0.113.10, 2001:db8::1").param("supplier", "OVH")
                        .param("supplierReference", "ns1234567.ip-203-0-113.eu").param("datacenter", "GRA11"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("notice", "servers.notice.created"))
                .andReturn();
        Server server = servers.list(staff, client.id(), null, false).getFirst();
        assertThat(created.getResponse().getRedirectedUrl()).isEqualTo("/servers/" + server.id());
        assertThat(server.contractId()).isEqualTo(contract.id());
        assertThat(server.publicIps()).containsExactly("203.0.113.10", "2001:db8::1");
        assertThat(server.supplierReference()).isEqualTo("ns1234567.ip-203-0-113.eu");

        String detail = body(mvc.perform(get("/servers/" + server.id()).with(as(staff))).andExpect(status().isOk())
                .andReturn());
        assertThat(detail).contains(hostname, client.name(), contract.reference(), "GRA11", "203.0.113.10, 2001:db8::1",
                "id=\"agent-status\" data-state=\"NOT_ENROLLED\"", "Non inscrit", "L’agent n’a encore rien transmis.",
                "id=\"issue-enrollment-token\"", "hx-get=\"/servers/" + server.id() + "/agent\"");

        assertThat(body(mvc.perform(get("/servers").param("contractId", contract.id().toString()).with(as(staff)))
                .andReturn())).contains(hostname, "1 serveur", "Non inscrit");
        assertThat(body(mvc.perform(get("/contracts/" + contract.id()).with(as(staff))).andReturn())).contains(hostname);
    }

    @Test
    void invalidInputIsShownNextToEachFieldAndWritesNothing() throws Exception {
        Contract otherContract = newContract(newClient("Autre"));
        String html = body(mvc.perform(post("/servers").with(as(staff)).with(csrf())
                        .param("clientId", client.id().toString()).param("hostname", "pas un nom!")
                        .param("role", "PRODUCTION").param("publicIps", "203.0.113.10"))
                .andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(html).contains("id=\"hostname-error\"", "Nom d’hôte invalide", "value=\"pas un nom!\"");

        String badIp = body(mvc.perform(post("/servers").with(as(staff)).with(csrf())
                        .param("clientId", client.id().toString()).param("hostname", hostname).param("role", "PRODUCTION")
                        .param("publicIps", "203.0.113.10, 300.1.1.1"))
                .andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(badIp).contains("id=\"publicIps-error\"", "Adresse IP invalide", "value=\"203.0.113.10, 300.1.1.1\"");

        String foreignContract = body(mvc.perform(post("/servers").with(as(staff)).with(csrf())
                        .param("clientId", client.id().toString()).param("contractId", otherContract.id().toString())
                        .param("hostname", hostname).param("role", "DEVELOPMENT"))
                .andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(foreignContract).contains("id=\"contractId-error\"", "Ce contrat appartient à un autre client.");

        String noRole = body(mvc.perform(post("/servers").with(as(staff)).with(csrf())
                        .param("clientId", client.id().toString()).param("hostname", hostname).param("role", "TEST"))
                .andExpect(status().isUnprocessableContent()).andReturn());
        assertThat(noRole).contains("id=\"role-error\"");
        assertThat(servers.list(staff, client.id(), null, true)).isEmpty();
    }

    @Test
    void theEnrollmentCommandEnrollsAnAgentWhoseStateAndFactsThePageShows() throws Exception {
        Server server = newServer(client);
        String path = "/servers/" + server.id();

        String fragment = body(mvc.perform(post(path + "/enrollment-tokens").header("HX-Request", "true")
                .with(as(staff)).with(csrf())).andExpect(status().isOk()).andReturn());
        assertThat(fragment).doesNotContain("<html").contains("id=\"enrollment-command\"",
                "sudo vigie-agent enroll --server ", "--fingerprint SHA256:");
        Matcher token = TOKEN.matcher(fragment);
        assertThat(token.find()).isTrue();

        String page = body(mvc.perform(post(path + "/enrollment-tokens").with(as(staff)).with(csrf()))
                .andExpect(status().isOk()).andReturn());
        assertThat(page).as("without JavaScript, the whole page comes back with the command")
                .contains("<!DOCTYPE html>", "id=\"enrollment-command\"", hostname);

        HostFacts facts = new HostFacts(hostname, "Debian GNU/Linux", "13", "6.12.48-1-amd64", "x86_64", 93_780,
                "AMD EPYC 4344P", 8, 32L << 30, 2L << 30,
                List.of(new HostFacts.Disk("/dev/md2", "/", "ext4", 100L << 30, 25L << 30)),
                List.of(new HostFacts.InterfaceAddress("eth0", "203.0.113.10", 24)), "0.1.0");
        String enrolled = mvc.perform(post(AgentProtocol.ENROLL_PATH).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsBytes(new EnrollmentRequest(token.group(1), "0.1.0", facts))))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        EnrollmentResponse identity = json.readValue(enrolled, EnrollmentResponse.class);
        Instant now = Instant.now();
        mvc.perform(post(AgentProtocol.MESSAGES_PATH).contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", AgentProtocol.authorization(identity.agentId(), identity.secret()))
                .content(json.writeValueAsBytes(new MessageBatch(AgentProtocol.VERSION, List.of(new Envelope(
                        UUID.randomUUID(), 1, "heartbeat", now, new Heartbeat(now, facts)))))))
                .andExpect(status().isOk());

        String agent = body(mvc.perform(get(path + "/agent").with(as(staff))).andExpect(status().isOk()).andReturn());
        assertThat(agent).doesNotContain("<html").contains("id=\"agent-status\" data-state=\"ONLINE\"", "En ligne",
                "id=\"agent-facts\"", hostname, "Debian GNU/Linux 13", "6.12.48-1-amd64", "AMD EPYC 4344P, 8 cœurs",
                "32,0 Gio", "1 j 2 h 3 min", "/dev/md2", "100,0 Gio", "25,0 Gio (25 %)", "203.0.113.10/24");
        assertThat(body(mvc.perform(get("/servers").param("clientId", client.id().toString()).with(as(staff)))
                .andReturn())).contains(hostname, "En ligne");
        assertThat(body(mvc.perform(get(path + "/agent").param("lang", "en").with(as(staff))).andReturn()))
                .contains("Online", "8 cores", "32.0 GiB", "1 d 2 h 3 min");

        jdbc.sql("update agents set last_contact_at = now() - interval '10 minutes' where server_id = ?")
                .param(server.id()).update();
        assertThat(body(mvc.perform(get(path + "/agent").with(as(staff))).andReturn()))
                .as("silent for more than 3 heartbeat intervals").contains("data-state=\"OFFLINE\"", "Hors ligne", hostname);
    }

    @Test
    void staffChangeThenArchiveAServerAfterWhichNoTokenCanBeIssued() throws Exception {
        Server server = newServer(client);
        String path = "/servers/" + server.id();

        assertThat(body(mvc.perform(get(path + "/edit").with(as(staff))).andExpect(status().isOk()).andReturn()))
                .contains("Modifier le serveur", "value=\"" + hostname + "\"", client.name(), contract.reference())
                .doesNotContain("<select id=\"clientId\"");
        mvc.perform(post(path).with(as(staff)).with(csrf()).param("clientId", client.id().toString())
                        .param("contractId", contract.id().toString()).param("hostname", hostname)
                        .param("role", "DEVELOPMENT").param("datacenter", "RBX8"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("notice", "servers.notice.updated"));
        Server changed = servers.get(server.id(), staff);
        assertThat(changed.role()).isEqualTo(ServerRole.DEVELOPMENT);
        assertThat(changed.datacenter()).isEqualTo("RBX8");
        assertThat(changed.contractId()).isEqualTo(contract.id());

        mvc.perform(post(path + "/archive").with(as(staff)).with(csrf())).andExpect(status().is3xxRedirection());
        String archived = body(mvc.perform(get(path).with(as(staff))).andReturn());
        assertThat(archived).contains("Archivé le").doesNotContain("id=\"issue-enrollment-token\"", "hx-trigger");
        mvc.perform(post(path + "/enrollment-tokens").with(as(staff)).with(csrf())).andExpect(status().isConflict());
        assertThat(jdbc.sql("select count(*) from enrollment_tokens where server_id = ?").param(server.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void aClientUserSeesTheirServersAndTheirAgentsButCannotEnrollOrSeeAnotherClients() throws Exception {
        Server own = newServer(client);
        Client other = newClient("Voisin");
        Server theirs = servers.create(new ServerDetails(other.id(), null, "voisin.example.test", ServerRole.PRODUCTION,
                null, null, null, null, List.of(), null));
        CurrentUser user = newUser(Role.CLIENT, client.id());

        String list = body(mvc.perform(get("/servers").with(as(user))).andExpect(status().isOk()).andReturn());
        assertThat(list).contains(hostname).doesNotContain("voisin.example.test", "Nouveau serveur", "filter-client");
        String detail = body(mvc.perform(get("/servers/" + own.id()).with(as(user))).andExpect(status().isOk())
                .andReturn());
        assertThat(detail).contains(hostname, "id=\"agent-status\"").doesNotContain("issue-enrollment-token", "/edit");

        mvc.perform(post("/servers/" + own.id() + "/enrollment-tokens").with(as(user)).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/servers/" + theirs.id()).with(as(user))).andExpect(status().isNotFound());
        mvc.perform(get("/servers/" + theirs.id() + "/agent").with(as(user))).andExpect(status().isNotFound());
        mvc.perform(get("/servers/new/contracts").param("clientId", other.id().toString()).with(as(user)))
                .andExpect(status().isForbidden());
        assertThat(jdbc.sql("select count(*) from enrollment_tokens where server_id = ?").param(own.id())
                .query(Long.class).single()).isZero();
    }
}
