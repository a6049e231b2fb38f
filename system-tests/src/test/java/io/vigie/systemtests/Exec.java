package io.vigie.systemtests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command to its end, with nothing on its standard input, and keeps its output. */
final class Exec {

    private Exec() {
    }

    /**
     * @param exitCode the command's exit status
     * @param output its standard output and error, interleaved
     */
    record Result(int exitCode, String output) {
    }

    /**
     * @param command the command and its arguments
     * @param timeout how long it may run
     * @return its exit status and output
     * @throws AssertionError when it does not finish within the timeout (it is then killed)
     */
    static Result run(List<String> command, Duration timeout) {
        try {
            Path output = Files.createTempFile(SystemTestPaths.target(), "exec", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
