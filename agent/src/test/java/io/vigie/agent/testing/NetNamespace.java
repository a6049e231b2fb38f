package io.vigie.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh network namespace, owned by a user namespace of the test's own user ({@code unshare -rn}),
 * where nftables can be changed without privilege and without touching the machine's firewall.
 *
 * <p>A {@code sleep} process holds the namespaces; {@link #nft()} is a small script that runs
 * {@code /usr/sbin/nft} inside them ({@code nsenter}), which the code under test is given as its
 * nft binary: it never knows about namespaces. Closing kills the process, which frees the
 * namespace and its tables.
 */
public final class NetNamespace implements AutoCloseable {

    /** The real nft. */
    public static final Path NFT = Path.of("/usr/sbin/nft");

    private final Process holder;
    private final Path directory;
    private final Path nft;

    private NetNamespace(Process holder, Path directory) throws IOException {
        this.holder = holder;
        this.directory = directory;
        this.nft = directory.resolve("nft");
        Files.writeString(nft, "#!/bin/sh\nexec nsenter -t " + holder.pid() + " -U -n --preserve-credentials "
                + NFT + " \"$@\"\n");
        Files.setPosixFilePermissions(nft, PosixFilePermissions.fromString("rwx------"));
    }

    /** @return whether this machine can make one (nft installed, unprivileged user namespaces allowed) */
    public static boolean available() {
        if (!Files.isExecutable(NFT)) {
            return false;
        }
        try {
            Process probe = new ProcessBuilder("unshare", "-rn", NFT.toString(), "list", "ruleset")
                    .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @return a new namespace, ready once returned
     * @throws IOException when it cannot be made
     */
    public static NetNamespace create() throws IOException {
        Path directory = Files.createTempDirectory("vigie-netns");
        Process holder = new ProcessBuilder("unshare", "-rn", "sleep", "infinity").redirectErrorStream(true).start();
        Path ownNet = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
        Path theirs = Path.of("/proc", String.valueOf(holder.pid()), "ns", "net");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        // unshare switches namespaces right after it starts; until then nsenter would enter ours.
        while (Files.readSymbolicLink(theirs).equals(ownNet)) {
            if (!holder.isAlive() || Instant.now().isAfter(deadline)) {
                holder.destroyForcibly();
                throw new IOException("unshare -rn did not make a network namespace");
            }
            Thread.onSpinWait();
        }
        return new NetNamespace(holder, directory);
    }

    /** @return a script that runs nft inside this namespace, with nft's arguments */
    public Path nft() {
        return nft;
    }

    /**
     * @param arguments nft's arguments, e.g. {@code list ruleset}
     * @return nft's output in this namespace
     * @throws IllegalStateException when nft fails
     */
    public String nft(String... arguments) {
        List<String> command = new ArrayList<>(List.of(nft.toString()));
        command.addAll(List.of(arguments));
        return Commands.run(command.toArray(String[]::new));
    }

    /**
     * @param script an nft script, applied as {@code nft -f} of a file
     * @throws IOException when the file cannot be written
     */
    public void apply(String script) throws IOException {
        Path file = Files.createTempFile(directory, "script", ".nft");
        Files.writeString(file, script);
        nft("-f", file.toString());
    }

    @Override
    public void close() throws IOException {
        holder.destroyForcibly();
        try {
            holder.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }
}
