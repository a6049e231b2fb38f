package io.vigie.agent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent as the package installs it: the wrapper script of the .deb, starting the packaged
 * jar on the jlink runtime of an installation directory, as a separate process. The
 * configuration file is absent (defaults and environment only) and heartbeats come every second.
 *
 * @param wrapper the wrapper script ({@code deploy/agent/vigie-agent})
 * @param home the installation directory ({@code VIGIE_AGENT_HOME}: {@code runtime/},
 *     {@code vigie-agent.jar}, {@code vigie-agent.aot})
 * @param dir a directory for the outputs of commands
 */
public record PackagedAgent(Path wrapper, Path home, Path dir) {

    /**
     * Runs a command to its end.
     *
     * @param args the command line
     * @return its standard output
     * @throws IllegalStateException when it does not end in 60 s or exits with another code than 0
     */
    public String call(String... args) throws IOException, InterruptedException {
        Path errors = dir.resolve("call.err");
        Process process = start(errors, Map.of(), args);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("vigie-agent " + String.join(" ", args) + " did not end in 60 s");
        }
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("vigie-agent " + String.join(" ", args) + " exited with "
                    + process.exitValue() + ": " + Files.readString(errors));
        }
        return stdout;
    }

    /**
     * Starts a command; standard error goes to {@code errors}; standard output stays readable
     * but for {@code run}, whose output is discarded.
     *
     * @param errors where standard error goes
     * @param env more environment variables
     * @param args the command line
     * @return the process
     */
    public Process start(Path errors, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", wrapper.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        if (args[0].equals("run")) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Map<String, String> environment = builder.environment();
        environment.put("VIGIE_AGENT_HOME", home.toString());
        environment.put("VIGIE_AGENT_CONFIG", dir.resolve("absent.conf").toString());
        environment.put("VIGIE_AGENT_HEARTBEAT_INTERVAL", "1s");
        // The machine's firewall is never touched by a test (firewall tests use namespaces).
        environment.put("VIGIE_AGENT_FIREWALL_ENABLED", "false");
        environment.putAll(env);
        return builder.start();
    }
}
