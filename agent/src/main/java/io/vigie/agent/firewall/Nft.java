package io.vigie.agent.firewall;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code nft -f -} with a script on its standard input: nftables applies the whole script as
 * one transaction, or nothing of it.
 *
 * <p>Invariants: the binary is started directly (never through a shell), with the script only on
 * its standard input, and never runs longer than the timeout (it is then killed). One script runs
 * at a time. A failure is an {@link NftException} holding nft's exit status and error output.
 */
final class Nft {

    /** Where Debian's nftables package installs the command. */
    static final Path DEFAULT_BINARY = Path.of("/usr/sbin/nft");

    private static final int MAX_ERROR_CHARS = 2000;

    private final Path binary;
    private final Duration timeout;

    /**
     * @param binary the nft command (a test may give a wrapper that runs it in a namespace)
     * @param timeout the longest a script may take
     */
    Nft(Path binary, Duration timeout) {
        this.binary = binary;
        this.timeout = timeout;
    }

    /** @return the nft command */
    Path binary() {
        return binary;
    }

    /**
     * @param script nft commands, one per line
     * @return nft's standard output
     * @throws NftException when nft cannot start, exceeds the timeout or refuses the script
     */
    synchronized String apply(String script) throws NftException {
        return run(script, "-f", "-");
    }

    private String run(String input, String... arguments) throws NftException {
        List<String> command = new java.util.ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new NftException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread stdout = Thread.ofVirtual().start(() -> drain(process.getInputStream(), out));
        Thread stderr = Thread.ofVirtual().start(() -> drain(process.getErrorStream(), err));
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // nft stopped reading: its exit status and error output below say why.
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new NftException(binary + " " + String.join(" ", arguments) + " did not finish within "
                        + timeout.toMillis() + " ms; killed");
            }
            stdout.join();
            stderr.join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NftException("interrupted while " + binary + " ran", e);
        }
        if (process.exitValue() != 0) {
            String error = err.toString(StandardCharsets.UTF_8).strip();
            if (error.length() > MAX_ERROR_CHARS) {
                error = error.substring(0, MAX_ERROR_CHARS) + "...";
            }
            throw new NftException(binary + " " + String.join(" ", arguments) + " failed with exit status "
                    + process.exitValue() + ": " + (error.isEmpty() ? "(no error output)" : error));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void drain(InputStream in, ByteArrayOutputStream sink) {
        try (in) {
            in.transferTo(sink);
        } catch (IOException e) {
            // The process was killed: what was read so far is kept.
        }
    }
}
