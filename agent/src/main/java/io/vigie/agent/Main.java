package io.vigie.agent;

import io.vigie.agent.facts.FactsCollector;
import io.vigie.agent.log.AgentLogging;
import java.time.Clock;
import java.util.logging.Level;

/**
 * Entry point of {@code vigie-agent} ({@code java -jar vigie-agent.jar <command>}); see
 * {@link Cli} for the commands and exit codes.
 */
public final class Main {

    private Main() {
    }

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        AgentLogging.install();
        // Until the configuration is read, only warnings and errors are logged.
        AgentLogging.configure(Level.WARNING, System.err);
        Cli cli = new Cli(System.getenv(), System.out, System.err, FactsCollector.ofThisHost(AgentVersion.current())::collect,
                Clock.systemUTC());
        int code = cli.execute(args);
        System.out.flush();
        if (code != 0) {
            System.exit(code);
        }
    }
}
