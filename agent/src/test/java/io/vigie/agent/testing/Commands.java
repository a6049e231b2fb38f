package io.vigie.agent.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the machine's command-line tools (psql, mariadb, initdb) from a test. */
public final class Commands {

    private Commands() {
    }

    /**
     * @param command the command and its arguments
     * @return its standard output, stripped
     * @throws IllegalStateException when it does not end within a minute or exits with a status
     *     other than 0 (its standard error in the message)
     */
    public static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                    new File("/dev/null"))).start();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(List.of(command) + " failed: " + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException(List.of(command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(List.of(command) + " interrupted", e);
        }
    }
}
