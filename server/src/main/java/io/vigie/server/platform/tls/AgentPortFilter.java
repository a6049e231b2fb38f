package io.vigie.server.platform.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps the two ports apart: on the agent port only {@code /agent/**} is served, and
 * {@code /agent/**} is served only on the agent port. Anything else answers 404 with an RFC 9457
 * problem body, before Spring Security or any controller sees the request (this filter is
 * registered first): the console, its login page and the REST API do not exist on the agent port,
 * and the agent API does not exist on the console's port.
 *
 * <p>The port is told by the mark of {@link ConnectorMarkingValve}; a request without a mark did
 * not come through the embedded Tomcat (a MockMvc test) and goes through unfiltered. The path
 * tested is the one the container routes on, decoded and normalised (so {@code /agent/../login} is
 * {@code /login}).
 */
final class AgentPortFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private static final String ONLY_AGENT_API = problem("This port serves only the agent API (/agent/...).");
    private static final String AGENT_API_ELSEWHERE = problem("The agent API is served only on the agent port.");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Object connector = request.getAttribute(ConnectorMarkingValve.ATTRIBUTE);
        if (connector == null) {
            chain.doFilter(request, response);
            return;
        }
        boolean agentPort = ConnectorMarkingValve.AGENT.equals(connector);
        boolean agentPath = isAgentPath(request);
        if (agentPort == agentPath) {
            chain.doFilter(request, response);
        } else {
            notFound(response, agentPort ? ONLY_AGENT_API : AGENT_API_ELSEWHERE);
        }
    }

    /**
     * @param request a request
     * @return true when its path, within the application, is {@code /agent} or under {@code /agent/}
     */
    static boolean isAgentPath(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals("/agent") || path.startsWith("/agent/");
    }

    private static void notFound(HttpServletResponse response, String body) throws IOException {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(body);
    }

    private static String problem(String detail) {
        return "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"" + detail + "\"}";
    }
}
