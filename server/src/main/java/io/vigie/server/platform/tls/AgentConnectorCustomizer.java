package io.vigie.server.platform.tls;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Adds the agent connector to the embedded Tomcat, beside the main (console and REST API)
 * connector.
 *
 * <p>It runs after every other customizer, so that it sees the final settings of the main
 * connector and gives the agent connector the same: bind address ({@code server.address}),
 * connector and protocol settings ({@code server.tomcat.*}, the virtual-thread executor). Only the
 * port and TLS differ. It also installs the {@link ConnectorMarkingValve} that tells
 * {@link AgentPortFilter} which connector each request came through. An agent port equal to the
 * main port is refused at start with a message, instead of a bind error.
 */
final class AgentConnectorCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final AgentConnector agentConnector;

    AgentConnectorCustomizer(AgentConnector agentConnector) {
        this.agentConnector = agentConnector;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        int agentPort = agentConnector.configuredPort();
        if (agentPort != 0 && agentPort == factory.getPort()) {
            throw new IllegalStateException("vigie.agent-api.port (VIGIE_AGENT_PORT) and server.port (VIGIE_HTTP_PORT) "
                    + "are both " + agentPort + ": the agent API needs its own port");
        }
        Connector connector = agentConnector.connector();
        ProtocolHandler handler = connector.getProtocolHandler();
        if (factory.getAddress() != null && handler instanceof AbstractProtocol<?> protocol) {
            protocol.setAddress(factory.getAddress());
        }
        applyProtocolCustomizers(factory, handler);
        factory.getConnectorCustomizers().forEach(customizer -> customizer.customize(connector));
        factory.addContextValves(new ConnectorMarkingValve(connector));
        factory.addAdditionalConnectors(connector);
    }

    @SuppressWarnings("unchecked")
    private static void applyProtocolCustomizers(TomcatServletWebServerFactory factory, ProtocolHandler handler) {
        LambdaSafe.callbacks(TomcatProtocolHandlerCustomizer.class, factory.getProtocolHandlerCustomizers(), handler)
                .invoke(customizer -> customizer.customize(handler));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
