package io.vigie.agent;

import io.vigie.agent.detect.DetectCommand;
import io.vigie.agent.detect.RuleException;
import io.vigie.agent.detect.RuleSet;
import io.vigie.agent.log.AgentLogging;
import io.vigie.agent.log.KeyValueFormatter;
import io.vigie.agent.transport.Backoff;
import io.vigie.agent.transport.Json;
import io.vigie.protocol.HostFacts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The command line of {@code vigie-agent}: parses the arguments, runs the command and turns every
 * outcome into an exit code: 0 success, 1 failure ({@link CliException#FAILURE}), 2 usage or
 * configuration error ({@link CliException#USAGE}). Messages go to standard error; results
 * (facts, the enrollment line, help, version) to standard output.
 */
public final class Cli {

    static final String USAGE = """
            Usage: vigie-agent <command> [options]

            Commands:
              enroll --server URL --token TOKEN --fingerprint SHA256:HEX
                     [--config FILE] [--state-dir DIR] [--force]
                        exchange a one-time enrollment token for this agent's identity
              run [--config FILE] [--state-dir DIR]
                        send heartbeats to the control plane until stopped (SIGTERM)
              facts     print this host's facts as JSON
              detect [--rules DIR] [--only RULE,...] FILE...
                        run the detection rules (built-in, with those of DIR; or only the
                        named ones) over whole log files and print what each rule found,
                        then the lines per second
              --version print the agent's version
              --help    print this help

            Configuration: /etc/vigie/agent.conf, or --config FILE, or $VIGIE_AGENT_CONFIG;
            each key can be overridden by VIGIE_AGENT_<KEY> (e.g. VIGIE_AGENT_STATE_DIR).
            Exit codes: 0 success, 1 failure, 2 usage or configuration error.
            """;

    private static final Set<String> COMMON = Set.of("--config", "--state-dir");

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<HostFacts> facts;
    private final Clock clock;

    /**
     * @param env the process environment
     * @param out standard output
     * @param err standard error
     * @param facts collects the host's facts (a {@code FactsCollector} of this host in production)
     * @param clock the agent's clock
     */
    public Cli(Map<String, String> env, PrintStream out, PrintStream err, Supplier<HostFacts> facts, Clock clock) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.facts = facts;
        this.clock = clock;
    }

    /**
     * Runs one command. {@code run} returns only when the process is being stopped.
     *
     * @param args the command line
     * @return the exit code
     */
    public int execute(String... args) {
        try {
            if (args.length == 0) {
                throw CliException.usage("missing command\n" + USAGE.stripTrailing());
            }
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            if (rest.contains("--help") || rest.contains("-h")) {
                out.print(USAGE);
                return 0;
            }
            switch (args[0]) {
                case "--help", "-h", "help" -> out.print(USAGE);
                case "--version", "version" -> out.println("vigie-agent " + AgentVersion.current());
                case "facts" -> {
                    Options.parse("facts", rest, Set.of(), Set.of());
                    out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(facts.get()));
                }
                case "enroll" -> {
                    Options options = Options.parse("enroll", rest,
                            union(COMMON, Set.of("--server", "--token", "--fingerprint")), Set.of("--force"));
                    new EnrollCommand(facts, clock, out).run(options, config(options));
                }
                case "run" -> run(Options.parse("run", rest, COMMON, Set.of()));
                case "detect" -> detect(rest);
                default -> throw CliException.usage("unknown command '" + args[0] + "' (try --help)");
            }
            return 0;
        } catch (CliException e) {
            err.println("vigie-agent: " + e.getMessage());
            return e.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("vigie-agent: interrupted");
            return CliException.FAILURE;
        } catch (RuntimeException e) {
            err.println("vigie-agent: unexpected error: " + KeyValueFormatter.describe(e));
            return CliException.FAILURE;
        }
    }

    private void run(Options options) throws CliException, InterruptedException {
        AgentConfig config = config(options);
        AgentIdentity identity = new IdentityStore(config.stateDir()).load();
        RootGuard.refuseForeignStateDir(config.stateDir());
        AgentRuntime runtime;
        try {
            runtime = AgentRuntime.start(config, identity, facts, clock, Backoff.standard());
        } catch (IOException e) {
            throw CliException.failure("cannot open the spool in " + config.spoolDir() + ": " + e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("vigie-shutdown").unstarted(() -> {
            runtime.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private void detect(List<String> args) throws CliException {
        Map<String, String> options = new HashMap<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!arg.startsWith("--")) {
                files.add(Path.of(arg));
            } else if (!name.equals("--rules") && !name.equals("--only")) {
                throw CliException.usage("unknown option " + arg + " for detect");
            } else if (arg.contains("=")) {
                options.put(name, arg.substring(name.length() + 1));
            } else if (i + 1 < args.size()) {
                options.put(name, args.get(++i));
            } else {
                throw CliException.usage("option " + name + " needs a value");
            }
        }
        Path rulesDir = options.containsKey("--rules") ? Path.of(options.get("--rules")) : null;
        if (files.isEmpty()) {
            throw CliException.usage("detect needs at least one log file");
        }
        if (rulesDir != null && !Files.isDirectory(rulesDir)) {
            throw CliException.usage("rules directory not found: " + rulesDir);
        }
        try {
            RuleSet rules = rulesDir == null ? RuleSet.builtIn() : RuleSet.load(rulesDir);
            if (options.containsKey("--only")) {
                rules = rules.only(Set.of(options.get("--only").split(",")));
            }
            new DetectCommand(out).run(rules, files);
        } catch (RuleException e) {
            throw CliException.usage("rules refused: " + e.getMessage());
        } catch (IOException e) {
            throw CliException.failure("cannot read " + e.getMessage());
        }
    }

    /** Loads the configuration, applies {@code --state-dir}, and sets the log level from it. */
    private AgentConfig config(Options options) throws CliException {
        AgentConfig config = ConfigLoader.load(options.get("--config").map(Path::of).orElse(null), env);
        if (options.has("--state-dir")) {
            config = config.withStateDir(Path.of(options.require("--state-dir")));
        }
        AgentLogging.configure(config.logLevel(), err);
        return config;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
    }
}
