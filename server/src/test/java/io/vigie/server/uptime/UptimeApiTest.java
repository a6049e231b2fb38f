package io.vigie.server.uptime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import io.vigie.server.IntegrationTest;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.users.ApiTokenService;
import io.vigie.server.users.Role;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitors' REST API through the real token authentication: creation with defaults, change,
 * archiving, results, and every refusal a problem naming the field with nothing written.
 */
class UptimeApiTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    ClientService clients;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    String token;
    Client client;

    @BeforeEach
    void setUp() {
        token = tokens.create(newUser(Role.OPERATOR, null), "uptime api test", null).value();
        client = clients.create(new ClientDetails("API " + UUID.randomUUID(), null, null, null, null, null, null, "FR"));
    }

    private ResultActions call(HttpMethod method, String path, String body) throws Exception {
        var request = MockMvcRequestBuilders.request(method, path).header("Authorization", "Bearer " + token);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(request);
    }

    private String monitor(String type, String target, String extra) {
        return "{\"clientId\":\"" + client.id() + "\",\"type\":\"" + type + "\",\"name\":\"Site\",\"target\":\""
                + target + "\",\"enabled\":false" + extra + "}";
    }

    private long monitorCount() {
        return jdbc.sql("select count(*) from uptime_monitors").query(Long.class).single();
    }

    @Test
    void createsChangesArchivesAndListsMonitors() throws Exception {
        String created = call(HttpMethod.POST, "/api/v1/monitors", monitor("HTTP", "https://shop.example.fr/", ""))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.intervalSeconds").value(60))
                .andExpect(jsonPath("$.timeoutSeconds").value(10)).andExpect(jsonPath("$.expectedStatus").value("200-399"))
                .andExpect(jsonPath("$.certWarningDays").value(14)).andExpect(jsonPath("$.enabled").value(false))
                .andReturn().getResponse().getContentAsString();
        String id = json.readTree(created).get("id").asString();

        call(HttpMethod.PUT, "/api/v1/monitors/" + id, monitor("DNS", "Shop.Example.fr",
                ",\"intervalSeconds\":30,\"expectedAddress\":\"2001:DB8::1\""))
                .andExpect(status().isOk()).andExpect(jsonPath("$.type").value("DNS"))
                .andExpect(jsonPath("$.target").value("shop.example.fr"))
                .andExpect(jsonPath("$.expectedAddress").value("2001:db8::1"))
                .andExpect(jsonPath("$.intervalSeconds").value(30));
        call(HttpMethod.GET, "/api/v1/monitors?clientId=" + client.id(), null).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(id));
        call(HttpMethod.GET, "/api/v1/monitors/" + id + "/results", null).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
        call(HttpMethod.GET, "/api/v1/monitors/" + id + "/results?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
                null).andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("from"));
        call(HttpMethod.POST, "/api/v1/monitors/" + id + "/archive", null).andExpect(status().isOk())
                .andExpect(jsonPath("$.archivedAt").isNotEmpty());
        call(HttpMethod.GET, "/api/v1/monitors?clientId=" + client.id(), null).andExpect(jsonPath("$.length()").value(0));
        call(HttpMethod.PUT, "/api/v1/monitors/" + id, monitor("TCP", "db.example.fr:5432", ""))
                .andExpect(status().isConflict());
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndWritesNothing() throws Exception {
        long before = monitorCount();
        expectField(monitor("HTTP", "https://shop.example.fr/", ",\"intervalSeconds\":19"), "intervalSeconds");
        expectField(monitor("HTTP", "https://shop.example.fr/", ",\"intervalSeconds\":3601"), "intervalSeconds");
        expectField(monitor("HTTP", "https://shop.example.fr/", ",\"intervalSeconds\":20,\"timeoutSeconds\":20"),
                "timeoutSeconds");
        expectField(monitor("HTTP", "shop.example.fr", ""), "target");
        expectField(monitor("HTTP", "ftp://shop.example.fr/", ""), "target");
        expectField(monitor("HTTP", "https://", ""), "target");
        expectField(monitor("HTTP", "http://exa mple.fr/", ""), "target");
        expectField(monitor("TCP", "db.example.fr", ""), "target");
        expectField(monitor("TCP", "db.example.fr:70000", ""), "target");
        expectField(monitor("DNS", "not a name", ""), "target");
        expectField(monitor("PING", "shop.example.fr", ""), "type");
        expectField(monitor("HTTP", "https://shop.example.fr/", ",\"expectedStatus\":\"2xx\""), "expectedStatus");
        expectField(monitor("DNS", "shop.example.fr", ",\"expectedAddress\":\"192.0.2.300\""), "expectedAddress");
        expectField(monitor("HTTP", "https://shop.example.fr/", ",\"serverId\":\"" + UUID.randomUUID() + "\""),
                "serverId");
        expectField(monitor("HTTP", "https://shop.example.fr/", "").replace("\"name\":\"Site\"", "\"name\":\"\""),
                "name");
        assertThat(monitorCount()).isEqualTo(before);
    }

    private void expectField(String body, String field) throws Exception {
        String answer = call(HttpMethod.POST, "/api/v1/monitors", body).andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString();
        JsonNode errors = json.readTree(answer).get("errors");
        assertThat(errors).as(answer).isNotNull();
        assertThat(errors.get(0).get("field").asString()).as(answer).isEqualTo(field);
    }
}
