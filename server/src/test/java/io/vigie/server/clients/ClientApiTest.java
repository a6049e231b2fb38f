package io.vigie.server.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import io.vigie.server.IntegrationTest;
import io.vigie.server.users.ApiTokenService;
import io.vigie.server.users.Role;

/**
 * The REST API's answer to bad input, through the real token authentication: every refusal is a
 * 4xx problem body naming the field, and nothing is written.
 */
class ClientApiTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    JdbcClient jdbc;

    String token;

    @BeforeEach
    void setUp() {
        token = tokens.create(newUser(Role.OPERATOR, null), "api test", null).value();
    }

    private ResultActions post(String path, String body) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post(path).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private long clientCount() {
        return jdbc.sql("select count(*) from clients").query(Long.class).single();
    }

    @Test
    void createsAClientWithValidatedCompanyNumbers() throws Exception {
        post("/api/v1/clients", "{\"name\":\"Acme\",\"siren\":\"732 829 320\",\"vatNumber\":\"FR44732829320\"}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.siren").value("732829320"))
                .andExpect(jsonPath("$.vatNumber").value("FR44732829320"))
                .andExpect(jsonPath("$.country").value("FR"));
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndWritesNothing() throws Exception {
        long before = clientCount();
        post("/api/v1/clients", "{\"name\":").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Malformed JSON"));
        post("/api/v1/clients", "{\"name\":\"X\",\"colour\":\"blue\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("colour"))
                .andExpect(jsonPath("$.errors[0].message").value("unknown field"));
        post("/api/v1/clients", "{\"siren\":\"\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        post("/api/v1/clients", "{\"name\":\"X\",\"siren\":\"123456789\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("siren"));
        post("/api/v1/clients", "{\"name\":\"X\",\"vatNumber\":\"FR00732829320\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("vatNumber"));
        post("/api/v1/clients", "{\"name\":[1,2]}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        post("/api/v1/clients", "{\"name\":\"" + "x".repeat(1_100_000) + "\"}").andExpect(status().is(413));
        post("/api/v1/contracts", "{\"clientId\":\"not-a-uuid\",\"reference\":\"R\",\"startDate\":\"2026-01-01\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("clientId"));
        post("/api/v1/contracts", "{\"clientId\":\"" + java.util.UUID.randomUUID()
                + "\",\"reference\":\"R\",\"startDate\":\"2026-01-01\",\"termMonths\":\"twelve\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("termMonths"));
        assertThat(clientCount()).isEqualTo(before);
    }

    @Test
    void aClientUserCannotCreateAndAnInvalidTokenIsRefused() throws Exception {
        String clientToken = tokens.create(newUser(Role.CLIENT, clientOf()), "client", null).value();
        mvc.perform(MockMvcRequestBuilders.post("/api/v1/clients").header("Authorization", "Bearer " + clientToken)
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Nope\"}"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.status").value(403));
        mvc.perform(MockMvcRequestBuilders.get("/api/v1/clients").header("Authorization", "Bearer vig_revoked"))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.detail").exists());
        mvc.perform(MockMvcRequestBuilders.get("/api/v1/clients")).andExpect(status().isUnauthorized());
    }

    private java.util.UUID clientOf() throws Exception {
        String body = post("/api/v1/clients", "{\"name\":\"Owner\"}").andReturn().getResponse().getContentAsString();
        return java.util.UUID.fromString(com.jayway.jsonpath.JsonPath.read(body, "$.id"));
    }
}
