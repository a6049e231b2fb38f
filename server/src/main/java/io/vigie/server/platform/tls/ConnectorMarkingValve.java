package io.vigie.server.platform.tls;

import java.io.IOException;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Marks every request that the embedded Tomcat receives with the connector it came through, in the
 * request attribute {@link #ATTRIBUTE}: {@link #AGENT} or {@link #MAIN}. {@link AgentPortFilter}
 * decides on that mark rather than on a port number, so the decision is exact, and a request that
 * did not come through Tomcat at all (MockMvc in a test) carries no mark.
 *
 * <p>Invariant: a request received by a Tomcat holding the agent connector always carries a mark
 * before any filter runs (context valves run before the filter chain), and a client cannot set
 * request attributes.
 */
final class ConnectorMarkingValve extends ValveBase {

    /** The request attribute holding the mark. */
    static final String ATTRIBUTE = ConnectorMarkingValve.class.getName() + ".connector";
    /** The mark of a request received on the agent port. */
    static final String AGENT = "agent";
    /** The mark of a request received on any other connector. */
    static final String MAIN = "main";

    private final Connector agentConnector;

    ConnectorMarkingValve(Connector agentConnector) {
        super(true);
        this.agentConnector = agentConnector;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        request.setAttribute(ATTRIBUTE, request.getConnector() == agentConnector ? AGENT : MAIN);
        getNext().invoke(request, response);
    }
}
