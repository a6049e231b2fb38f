package io.vigie.server.platform.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The filter's decision for each mark and path. The real ports are covered by
 * {@link AgentConnectorTest}; this also covers the request that came through no connector (MockMvc).
 */
class AgentPortFilterTest {

    private final AgentPortFilter filter = new AgentPortFilter();

    private record Outcome(boolean passed, MockHttpServletResponse response) {
    }

    private Outcome run(String mark, String path) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setServletPath(path);
        if (mark != null) {
            request.setAttribute(ConnectorMarkingValve.ATTRIBUTE, mark);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return new Outcome(chain.getRequest() != null, response);
    }

    @ParameterizedTest(name = "came through {0}, {1}: served = {2}")
    @CsvSource(nullValues = "no connector", value = {
        "no connector, /agent/v1/enroll, true",
        "no connector, /login, true",
        "agent, /agent/v1/enroll, true",
        "agent, /agent, true",
        "agent, /login, false",
        "agent, /, false",
        "agent, /agentx, false",
        "main, /login, true",
        "main, /agentx, true",
        "main, /agent/v1/enroll, false",
        "main, /agent, false"})
    void servesEachPathOnlyOnItsPort(String mark, String path, boolean served) throws Exception {
        Outcome outcome = run(mark, path);

        assertThat(outcome.passed()).isEqualTo(served);
        if (!served) {
            assertThat(outcome.response().getStatus()).isEqualTo(404);
            assertThat(outcome.response().getContentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void explainsTheRefusalInAProblemBody() throws Exception {
        assertThat(run(ConnectorMarkingValve.MAIN, "/agent/v1/enroll").response().getContentAsString())
                .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                        + "\"detail\":\"The agent API is served only on the agent port.\"}");
        assertThat(run(ConnectorMarkingValve.AGENT, "/login").response().getContentAsString())
                .contains("\"detail\":\"This port serves only the agent API (/agent/...).\"");
    }
}
