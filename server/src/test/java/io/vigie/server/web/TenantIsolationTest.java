package io.vigie.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.UriComponentsBuilder;

import io.vigie.server.IntegrationTest;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientContact;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.clients.ContactDetails;
import io.vigie.server.contracts.Contract;
import io.vigie.server.contracts.ContractDetails;
import io.vigie.server.contracts.ContractService;
import io.vigie.server.servers.Server;
import io.vigie.server.servers.ServerDetails;
import io.vigie.server.servers.ServerRole;
import io.vigie.server.servers.ServerService;
import io.vigie.server.incidents.Incident;
import io.vigie.server.maintenance.MaintenanceDetails;
import io.vigie.server.maintenance.MaintenanceService;
import io.vigie.server.maintenance.MaintenanceWindow;
import io.vigie.server.incidents.IncidentService;
import io.vigie.server.notifications.NotificationChannel;
import io.vigie.server.notifications.NotificationService;
import io.vigie.server.uptime.Monitor;
import io.vigie.server.uptime.MonitorDetails;
import io.vigie.server.uptime.MonitorType;
import io.vigie.server.uptime.UptimeService;
import io.vigie.server.users.ApiTokenService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;

/**
 * Tenant isolation, proved over every endpoint the application registers: the handler mappings
 * are read at run time, so a new endpoint is covered without editing this test. A client user of
 * client A calls each of them, through the console (session) and the API (personal token), with
 * every path variable set to a record of client B: each answer must be 403 or 404. Endpoints
 * without path variables are called with client B's identifiers as query parameters, and their
 * answer must not contain any of client B's data.
 */
class TenantIsolationTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    List<RequestMappingHandlerMapping> mappings;
    @Autowired
    ClientService clients;
    @Autowired
    ContractService contracts;
    @Autowired
    ServerService servers;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    NotificationService channels;
    @Autowired
    IncidentService incidents;
    @Autowired
    UptimeService monitors;
    @Autowired
    MaintenanceService maintenance;

    @Test
    void aClientUserReachesNothingOfAnotherClient() throws Exception {
        Tenant a = tenant("A");
        Tenant b = tenant("B");
        CurrentUser userA = newUser(Role.CLIENT, a.client.id());
        String tokenA = tokens.create(userA, "isolation test", null).value();

        Map<String, String> samples = Map.of("clientId", b.client.id().toString(), "contactId",
                b.contact.id().toString(), "contractId", b.contract.id().toString(), "serverId",
                b.server.id().toString(), "userId", b.user.id().toString(), "tokenId", b.tokenId.toString(),
                "channelId", b.channelId.toString(), "incidentId", b.incident.id().toString(), "monitorId",
                b.monitor.id().toString(), "windowId", b.window.id().toString());
        Set<String> secretsOfB = Set.of(b.client.id().toString(), b.client.name(), b.contract.reference(),
                b.server.hostname(), b.server.id().toString(), b.contact.email(), b.user.email(), b.incident.title(),
                b.monitor.id().toString(), b.monitor.name(), b.window.title());

        List<String> failures = new ArrayList<>();
        int calls = 0;
        var handlers = mappings.stream().flatMap(m -> m.getHandlerMethods().entrySet().stream()).toList();
        for (var entry : handlers) {
            var info = entry.getKey();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            Set<RequestMethod> toCall = methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods;
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/agent/") || pattern.equals("/error")) {
                    // Agent API: agents authenticate with their own secret (AgentApiTest).
                    // /error: the container's error dispatch, not a resource.
                    continue;
                }
                boolean api = pattern.startsWith("/api/");
                List<String> variables = variables(pattern);
                for (String variable : variables) {
                    assertThat(samples).as("no sample of client B for path variable '%s' of %s: add one", variable,
                            pattern).containsKey(variable);
                }
                Map<String, String> values = new HashMap<>();
                variables.forEach(v -> values.put(v, samples.get(v)));
                String path = UriComponentsBuilder.fromPath(pattern).buildAndExpand(values).toUriString();
                for (RequestMethod method : toCall) {
                    MockHttpServletRequestBuilder request = MockMvcRequestBuilders
                            .request(HttpMethod.valueOf(method.name()), path)
                            .queryParam("clientId", b.client.id().toString())
                            .queryParam("contractId", b.contract.id().toString())
                            .queryParam("serverId", b.server.id().toString());
                    if (api) {
                        request.header("Authorization", "Bearer " + tokenA).contentType(MediaType.APPLICATION_JSON)
                                .content("{}");
                    } else {
                        request.with(as(userA)).with(csrf());
                    }
                    MvcResult result = mvc.perform(request).andReturn();
                    calls++;
                    int status = result.getResponse().getStatus();
                    String body = result.getResponse().getContentAsString();
                    String call = method + " " + path + " -> " + status;
                    if (!variables.isEmpty() && status != 403 && status != 404) {
                        failures.add(call + " (expected 403 or 404)");
                    }
                    for (String secret : secretsOfB) {
                        // Echoing an identifier the caller put in the URL reveals nothing.
                        if (body.contains(secret) && !path.contains(secret)) {
                            failures.add(call + " leaks '" + secret + "'");
                        }
                    }
                    if (status >= 500) {
                        failures.add(call + " (server error)");
                    }
                }
            }
        }
        assertThat(calls).as("endpoints called").isGreaterThan(30);
        assertThat(failures).as("tenant isolation failures").isEmpty();
    }

    private static List<String> variables(String pattern) {
        List<String> names = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("\\{([^}:]+)(:[^}]*)?}").matcher(pattern);
        while (m.find()) {
            names.add(m.group(1));
        }
        return List.copyOf(new LinkedHashSet<>(names));
    }

    private record Tenant(Client client, ClientContact contact, Contract contract, Server server, CurrentUser user,
            UUID tokenId, UUID channelId, Incident incident, Monitor monitor, MaintenanceWindow window) {
    }

    private Tenant tenant(String label) {
        String unique = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        CurrentUser staff = newUser(Role.OPERATOR, null);
        Client client = clients.create(new ClientDetails("Client " + unique, null, null, "1 rue de la Paix", null,
                "75002", "Paris", "FR"));
        ClientContact contact = clients.addContact(client.id(), new ContactDetails("Contact " + unique,
                "contact-" + unique.toLowerCase() + "@example.test", "+33 1 23 45 67 89", true, true, true), staff);
        Contract contract = contracts.create(new ContractDetails(client.id(), "REF-" + unique, LocalDate.of(2026, 1, 1),
                12, null, null));
        Server server = servers.create(new ServerDetails(client.id(), contract.id(), "srv-" + unique.toLowerCase()
                + ".example.test", ServerRole.PRODUCTION, "OVH", "ns" + unique, "GRA11", null, List.of("203.0.113.7"),
                null));
        CurrentUser user = newUser(Role.CLIENT, client.id());
        UUID tokenId = tokens.create(user, "token " + unique, null).token().id();
        UUID channelId = channels.create(new NotificationService.NewChannel(client.id(),
                NotificationChannel.Type.WEBHOOK, "https://hooks.example.test/" + unique, "Hook " + unique), staff).id();
        Incident incident = incidents.open(new Incident.Opening(client.id(), server.id(), null, "test:" + unique,
                Incident.Kind.ALERT, Incident.Severity.WARNING, "Incident " + unique, null));
        Monitor monitor = monitors.create(new MonitorDetails(client.id(), server.id(), MonitorType.HTTP,
                "Monitor " + unique, "https://shop-" + unique.toLowerCase() + ".example.test/", null, null, null, null,
                null, null, false));
        MaintenanceWindow window = maintenance.create(new MaintenanceDetails(client.id(), server.id(), null,
                "Maintenance " + unique, LocalDateTime.now(Page.ZONE).plusDays(1), 60, MaintenanceWindow.Recurrence.ONCE,
                null, null, null), staff);
        return new Tenant(client, contact, contract, server, user, tokenId, channelId, incident, monitor, window);
    }
}
