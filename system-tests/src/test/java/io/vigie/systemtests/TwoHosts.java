package io.vigie.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two hosts, A and B, as two network namespaces joined by a veth pair, made without privilege:
 * A is a user and network namespace of the test's user ({@code unshare -rn}), B a network
 * namespace created inside A's user namespace ({@code unshare -n}), where A's root may move one
 * end of the pair. A is {@value #A4} and {@value #A6}, B {@value #B4} and {@value #B6}.
 *
 * <p>Each host's namespace is held by a {@code sleep} process ({@link ChildProcess}, killed at
 * the latest by the JVM's shutdown hook), which frees it, its link and its nftables tables when
 * it ends. Commands run in a host through {@code nsenter}.
 */
final class TwoHosts implements AutoCloseable {

    static final String A4 = "10.99.0.1";
    static final String B4 = "10.99.0.2";
    static final String A6 = "fd99::1";
    static final String B6 = "fd99::2";

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final ChildProcess a;
    private final ChildProcess b;

    private TwoHosts(Path dir, ChildProcess a, ChildProcess b) {
        this.dir = dir;
        this.a = a;
        this.b = b;
    }

    /** @return whether this machine can make them: unshare, nsenter, ip and nft, and unprivileged user namespaces */
    static boolean available() {
        for (String tool : List.of("/usr/bin/unshare", "/usr/bin/nsenter", "/usr/sbin/ip", "/usr/sbin/nft")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return false;
            }
        }
        return Exec.run(List.of("unshare", "-rn", "true"), COMMAND_TIMEOUT).exitCode() == 0;
    }

    /** @return the two hosts, linked and addressed */
    static TwoHosts create() {
        Path dir = SystemTestPaths.newTempDirectory("two-hosts");
        Path log = SystemTestPaths.freshLog("two-hosts.log");
        ChildProcess a = ChildProcess.start("host A", List.of("unshare", "-rn", "sleep", "infinity"), Map.of(), log);
        awaitOwnNamespace(a.pid(), ProcessHandle.current().pid());
        ChildProcess b = ChildProcess.start("host B", List.of("nsenter", "-t", String.valueOf(a.pid()), "-U", "-n",
                "--preserve-credentials", "unshare", "-n", "sleep", "infinity"), Map.of(), log);
        awaitOwnNamespace(b.pid(), a.pid());
        TwoHosts hosts = new TwoHosts(dir, a, b);
        hosts.inA("ip", "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", String.valueOf(b.pid()));
        hosts.inA("ip", "addr", "add", A4 + "/24", "dev", "va");
        hosts.inA("ip", "-6", "addr", "add", A6 + "/64", "dev", "va", "nodad");
        hosts.inA("ip", "link", "set", "va", "up");
        hosts.inB("ip", "addr", "add", B4 + "/24", "dev", "vb");
        hosts.inB("ip", "-6", "addr", "add", B6 + "/64", "dev", "vb", "nodad");
        hosts.inB("ip", "link", "set", "vb", "up");
        hosts.inB("ip", "link", "set", "lo", "up");
        return hosts;
    }

    /**
     * @param command a command to run in host A, which must succeed
     * @return its output
     */
    String inA(String... command) {
        return run(a, command);
    }

    /**
     * @param command a command to run in host B, which must succeed
     * @return its output
     */
    String inB(String... command) {
        return run(b, command);
    }

    /**
     * Starts a long-running command in host B.
     *
     * @param label names it in the log
     * @param command the command
     * @return the process
     */
    ChildProcess startInB(String label, List<String> command) {
        return ChildProcess.start(label, enter(b, command), Map.of(), SystemTestPaths.freshLog("two-hosts-" + label + ".log"));
    }

    /**
     * @return a script that runs {@code /usr/sbin/nft} in host B with its arguments: what the
     *     agent's code is given as its nft binary
     */
    Path nftOfB() {
        Path script = dir.resolve("nft-b");
        try {
            Files.writeString(script, "#!/bin/sh\nexec " + String.join(" ", enter(b, List.of("/usr/sbin/nft"))) + " \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return script;
    }

    /**
     * Opens a TCP connection from host A.
     *
     * @param address where to connect, IPv4 or IPv6
     * @param port the port
     * @param timeout how long the attempt may take
     * @return whether the connection was established within the timeout
     */
    boolean connectsFromA(String address, int port, Duration timeout) {
        String target = "/dev/tcp/" + address + "/" + port;
        return Exec.run(enter(a, List.of("timeout", String.format(Locale.ROOT, "%.3f", timeout.toMillis() / 1000.0), "bash", "-c", "exec 3<>" + target)),
                timeout.plusSeconds(10)).exitCode() == 0;
    }

    @Override
    public void close() {
        Cleanup.all(b::kill, a::kill, () -> SystemTestPaths.deleteTree(dir));
    }

    private static String run(ChildProcess host, String... command) {
        Exec.Result result = Exec.run(enter(host, List.of(command)), COMMAND_TIMEOUT);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed with " + result.exitCode() + ": " + result.output());
        }
        return result.output();
    }

    private static List<String> enter(ChildProcess host, List<String> command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "-t", String.valueOf(host.pid()), "-U", "-n",
                "--preserve-credentials"));
        full.addAll(command);
        return full;
    }

    /** Waits until the process has left the network namespace of {@code parent}. */
    private static void awaitOwnNamespace(long pid, long parent) {
        Instant deadline = Instant.now().plus(COMMAND_TIMEOUT);
        try {
            Path parentNet = Files.readSymbolicLink(Path.of("/proc", String.valueOf(parent), "ns", "net"));
            while (Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "ns", "net")).equals(parentNet)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("process " + pid + " did not get a network namespace of its own");
                }
                Thread.sleep(10);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
