package io.vigie.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent's Debian package as built ({@code agent/target/vigie-agent_*.deb}), inspected without
 * installing it (the tests run unprivileged): its files, its configuration file kept across
 * upgrades, its hardened systemd units (the agent's, and the SMART timer's), its removal script
 * deleting the agent's nftables table (in an unprivileged network namespace), and its jlink
 * runtime able to run the agent.
 *
 * <p>Skipped when no package was built or {@code dpkg-deb} is missing; the unit is checked with
 * {@code systemd-analyze verify} when that tool exists.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AgentPackageTest {

    private static final String UNIT = "lib/systemd/system/vigie-agent.service";
    private static final String SMART_UNIT = "lib/systemd/system/vigie-agent-smart.service";
    private static final String SMART_TIMER = "lib/systemd/system/vigie-agent-smart.timer";

    private static Path deb;
    private static Path work;
    private static Path tree;

    @BeforeAll
    static void extractThePackage() {
        assumeTrue(onPath("dpkg-deb"), "dpkg-deb is not installed");
        Path target = SystemTestPaths.root().resolve("agent/target");
        List<Path> debs;
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            debs = files.filter(p -> p.getFileName().toString().matches("vigie-agent_.*\\.deb")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assumeTrue(!debs.isEmpty(), "no agent/target/vigie-agent_*.deb: the agent package was not built");
        assertThat(debs).as("agent packages in agent/target").hasSize(1);
        deb = debs.getFirst();
        work = SystemTestPaths.newTempDirectory("agent-package");
        tree = work.resolve("root");
        run("dpkg-deb", "--extract", deb.toString(), tree.toString());
        run("dpkg-deb", "--control", deb.toString(), work.resolve("DEBIAN").toString());
    }

    @AfterAll
    static void deleteExtractedFiles() {
        SystemTestPaths.deleteTree(work);
    }

    @Test
    void describesItselfAsANativePackageOfTheAgent() {
        System.out.println(run("dpkg-deb", "--info", deb.toString()));
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : List.of("Package", "Version", "Architecture", "Maintainer", "Description")) {
            fields.put(field, run("dpkg-deb", "--field", deb.toString(), field).strip());
        }
        assertThat(fields.get("Package")).isEqualTo("vigie-agent");
        assertThat(fields.get("Version")).isNotBlank();
        assertThat(fields.get("Maintainer")).isNotBlank();
        assertThat(fields.get("Description")).isNotBlank();
        // A jlink runtime is native code: the package cannot be 'Architecture: all'.
        assertThat(fields.get("Architecture")).isNotBlank().isNotEqualTo("all");
        assertThat(deb.getFileName().toString()).contains("_" + fields.get("Architecture") + ".deb");
    }

    @Test
    void holdsTheLauncherTheJarTheRuntimeTheUnitAndTheConfiguration() {
        List<String> paths = contents();
        assertThat(paths).contains("./usr/bin/vigie-agent", "./usr/lib/vigie-agent/vigie-agent.jar",
                "./usr/lib/vigie-agent/vigie-agent.aot", "./" + UNIT, "./etc/vigie/agent.conf");
        assertThat(paths).as("a jlink runtime under /usr/lib/vigie-agent")
                .anyMatch(p -> p.matches("\\./usr/lib/vigie-agent/.+/bin/java"))
                .anyMatch(p -> p.matches("\\./usr/lib/vigie-agent/.+/lib/modules"));
        assertThat(Files.isExecutable(tree.resolve("usr/bin/vigie-agent"))).as("/usr/bin/vigie-agent is executable")
                .isTrue();
    }

    @Test
    void readsSmartAsRootWithOnlyTheCapabilitiesSmartctlNeedsIntoADirectoryTheAgentOnlyReads() throws IOException {
        assertThat(contents()).contains("./usr/lib/vigie-agent/vigie-agent-smart", "./" + SMART_UNIT, "./" + SMART_TIMER);
        assertThat(Files.isExecutable(tree.resolve("usr/lib/vigie-agent/vigie-agent-smart"))).isTrue();
        assertThat(run("dpkg-deb", "--field", deb.toString(), "Recommends")).contains("smartmontools");
        Map<String, List<String>> service = section(tree.resolve(SMART_UNIT), "Service");
        assertThat(service).doesNotContainKey("User");
        assertThat(service.get("ExecStart")).containsExactly("/usr/lib/vigie-agent/vigie-agent-smart");
        assertThat(service.get("Group")).as("files root:vigie-agent").containsExactly("vigie-agent");
        assertThat(service.get("UMask")).as("files 0640").containsExactly("0027");
        assertThat(service.get("StateDirectory")).containsExactly("vigie-agent-smart");
        assertThat(service.get("StateDirectoryMode")).containsExactly("0750");
        assertThat(service.get("CapabilityBoundingSet")).containsExactly("CAP_SYS_RAWIO CAP_SYS_ADMIN");
        assertThat(service.get("NoNewPrivileges")).containsExactly("yes");
        assertThat(service.get("ProtectSystem")).containsExactly("strict");
        assertThat(service.get("PrivateNetwork")).containsExactly("yes");
        assertThat(section(tree.resolve(SMART_TIMER), "Timer").get("OnUnitActiveSec")).containsExactly("10min");
    }

    @Test
    void keepsTheOperatorsConfigurationAcrossUpgrades() throws IOException {
        Path conffiles = work.resolve("DEBIAN/conffiles");
        assertThat(conffiles).as("DEBIAN/conffiles").exists();
        assertThat(Files.readAllLines(conffiles).stream().map(String::strip)).contains("/etc/vigie/agent.conf");
    }

    @Test
    void runsTheAgentAsAnUnprivilegedUserInAHardenedUnit() throws IOException {
        Map<String, List<String>> service = section(tree.resolve(UNIT), "Service");
        assertThat(service.get("User")).as("User=").containsExactly("vigie-agent");
        assertThat(service.get("NoNewPrivileges")).as("NoNewPrivileges=").containsExactly("yes");
        assertThat(service.get("ProtectSystem")).as("ProtectSystem=").containsExactly("strict");
        assertThat(service.get("ExecStart")).as("ExecStart=").singleElement().asString()
                .startsWith("/usr/bin/vigie-agent");
        // One capability, for nft to change the agent's own table (docs/adr/0003-nft-and-journalctl-processes.md).
        assertThat(service.get("CapabilityBoundingSet")).as("CapabilityBoundingSet=").containsExactly("CAP_NET_ADMIN");
        assertThat(service.get("AmbientCapabilities")).as("AmbientCapabilities=").containsExactly("CAP_NET_ADMIN");
        assertThat(service.get("RestrictAddressFamilies")).as("RestrictAddressFamilies=").singleElement().asString()
                .contains("AF_NETLINK");
    }

    @Test
    void dependsOnNftablesAndDeletesOnlyItsOwnTableWhenRemovedNeverFailingTheRemoval() throws IOException {
        assertThat(run("dpkg-deb", "--field", deb.toString(), "Depends")).contains("nftables");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")) && exec(List.of("unshare", "-rn", "true")).exitCode() == 0,
                "nft or unprivileged user namespaces unavailable");
        Path postrm = work.resolve("DEBIAN/postrm");
        // In a network namespace of its own, as its root: the machine's firewall is not touched.
        Exec.Result removed = exec(List.of("unshare", "-rn", "env", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "sh", "-c", """
                nft add table inet vigie && nft add set inet vigie ban4 '{ type ipv4_addr; flags timeout; }' \
                && nft add element inet vigie ban4 '{ 192.0.2.1 }' && nft add table inet filter \
                && nft add chain inet filter input '{ type filter hook input priority 0; }' \
                && sh "$1" remove && echo "first: $?" && sh "$1" remove && echo "again: $?" && nft list tables
                """, "sh", postrm.toString()));
        assertThat(removed.exitCode()).as(removed.output()).isZero();
        assertThat(removed.output()).contains("first: 0", "again: 0", "table inet filter").doesNotContain("vigie");

        Exec.Result withoutNft = exec(List.of("unshare", "-rn", "env", "PATH=/nonexistent", "/bin/sh", postrm.toString(), "remove"));
        assertThat(withoutNft.exitCode()).as(withoutNft.output()).isZero();
    }

    @Test
    void unitsPassSystemdVerification() throws IOException {
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed");
        // Verify inside a copy of the package's tree, so that ExecStart= resolves to the packaged
        // launcher; the machine's own units are copied in for the dependencies (sysinit.target...).
        Path root = work.resolve("verify-root");
        run("cp", "-a", tree + "/.", root.toString());
        Path units = root.resolve("lib/systemd/system");
        Files.createDirectories(units);
        if (Files.isDirectory(Path.of("/lib/systemd/system"))) {
            run("cp", "-rn", "/lib/systemd/system/.", units.toString());
        }
        Exec.Result verify = exec(List.of("systemd-analyze", "verify", "--man=no", "--root=" + root, "/" + UNIT,
                "/" + SMART_UNIT, "/" + SMART_TIMER));
        List<String> aboutOurUnits = verify.output().lines().filter(l -> l.contains("vigie-agent")).toList();
        assertThat(verify.exitCode()).as("systemd-analyze verify, output:%n%s", verify.output()).isZero();
        assertThat(aboutOurUnits).as("systemd-analyze verify warnings about the units").isEmpty();
    }

    @Test
    void packagedRuntimeRunsTheAgent() throws IOException {
        Path java;
        try (Stream<Path> files = Files.walk(tree.resolve("usr/lib/vigie-agent"))) {
            java = files.filter(p -> p.endsWith(Path.of("bin/java"))).findFirst().orElseThrow();
        }
        String jar = tree.resolve("usr/lib/vigie-agent/vigie-agent.jar").toString();
        Path config = work.resolve("agent.conf");
        Files.writeString(config, "");

        Exec.Result version = exec(List.of(java.toString(), "-jar", jar, "--version"));
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).contains("vigie-agent");

        Exec.Result facts = exec(List.of(java.toString(), "-jar", jar, "facts"));
        assertThat(facts.exitCode()).as(facts.output()).isZero();
        assertThat(facts.output()).contains(ThisHost.hostname()).contains(ThisHost.kernel());

        // Enrolling against a closed port exercises the HTTP client and TLS set-up of the runtime:
        // it must fail with a message, not with a class missing from the jlink image.
        Exec.Result enroll = exec(List.of(java.toString(), "-jar", jar, "enroll", "--server", "https://127.0.0.1:9",
                "--token", "x", "--fingerprint", "SHA256:" + "0".repeat(64), "--config", config.toString(),
                "--state-dir", work.resolve("state").toString()));
        assertThat(enroll.exitCode()).as(enroll.output()).isEqualTo(1);
        assertThat(enroll.output()).doesNotContain("NoClassDefFoundError", "ClassNotFoundException",
                "NoSuchAlgorithmException", "Exception in thread");
    }

    @Test
    void theLauncherStartsFromTheAotCacheOfThePackage() {
        // The JVM takes an AOT cache only with the jar it was made with (same size and time): the
        // .deb must keep both. A cache it cannot use would be reported on standard error.
        Exec.Result version = exec(List.of("env", "VIGIE_AGENT_HOME=" + tree.resolve("usr/lib/vigie-agent"),
                "/bin/sh", tree.resolve("usr/bin/vigie-agent").toString(), "--version"));

        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).matches("vigie-agent \\S+\n");
    }

    private static List<String> contents() {
        List<String> paths = new ArrayList<>();
        for (String line : run("dpkg-deb", "--contents", deb.toString()).split("\n")) {
            // "-rw-r--r-- root/root  1234 2026-01-01 00:00 ./usr/bin/vigie-agent[ -> target]"
            String[] columns = line.strip().split("\\s+", 6);
            if (columns.length == 6) {
                String path = columns[5].replaceFirst(" -> .*$", "");
                paths.add(path.endsWith("/") && path.length() > 2 ? path.substring(0, path.length() - 1) : path);
            }
        }
        return paths;
    }

    /** The settings of one section of a unit file; a key may be repeated. */
    private static Map<String, List<String>> section(Path unit, String name) throws IOException {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        String current = null;
        for (String raw : Files.readAllLines(unit, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = line.substring(1, line.length() - 1);
            } else if (name.equals(current) && line.contains("=")) {
                int eq = line.indexOf('=');
                settings.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
                        .add(line.substring(eq + 1).strip());
            }
        }
        return settings;
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    /** Runs a command that must succeed and returns its output. */
    private static String run(String... command) {
        Exec.Result result = exec(List.of(command));
        assertThat(result.exitCode()).as("%s, output:%n%s", String.join(" ", command), result.output()).isZero();
        return result.output();
    }

    private static Exec.Result exec(List<String> command) {
        return Exec.run(command, Duration.ofSeconds(60));
    }
}
