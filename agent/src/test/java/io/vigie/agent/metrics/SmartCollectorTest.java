package io.vigie.agent.metrics;

import static io.vigie.agent.metrics.Fixtures.collect;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.agent.host.HostFiles;
import io.vigie.agent.testing.LogCapture;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SMART results of smartctl 7.3 ({@code src/test/resources/smart}), as the root timer leaves
 * them, read by the agent; and the timer's script itself, run with a stand-in smartctl.
 */
class SmartCollectorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:05:00Z");

    @TempDir
    Path root;

    Path results;
    SmartCollector collector;

    @BeforeEach
    void resultsDirectory() throws IOException {
        results = Files.createDirectories(root.resolve("var/lib/vigie-agent-smart"));
        collector = new SmartCollector(new HostFiles(root), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void healthAndTemperatureOfEveryDiskWithTheAgeOfItsResult() throws Exception {
        for (String name : List.of("sda_sat.json", "sdb_sat.json", "nvme0_nvme.json", "sdc_sat.json",
                "bus_0_megaraid_0.json")) {
            result(name, fixture(name), Duration.ofMinutes(5));
        }
        // A result older than an hour (the timer stopped) gives its age only.
        result("sde_sat.json", fixture("sda_sat.json").replace("/dev/sda", "/dev/sde"), Duration.ofMinutes(61));
        // Not results: a file being written and another file.
        result("sdf_sat.json.tmp", fixture("sda_sat.json"), Duration.ZERO);
        result("README", "not a result", Duration.ZERO);

        assertThat(collect(collector)).containsExactly(
                "vigie_smart_result_age_seconds{device=bus/0_megaraid,0} 300",
                "smartctl_device_smart_status{device=bus/0_megaraid,0} 1",
                "smartctl_device_temperature{device=bus/0_megaraid,0,temperature_type=current} 30",
                "vigie_smart_result_age_seconds{device=nvme0} 300",
                "smartctl_device_smart_status{device=nvme0} 1",
                "smartctl_device_temperature{device=nvme0,temperature_type=current} 41",
                "vigie_smart_result_age_seconds{device=sda} 300",
                "smartctl_device_smart_status{device=sda} 1",
                "smartctl_device_temperature{device=sda,temperature_type=current} 34",
                "vigie_smart_result_age_seconds{device=sdb} 300",
                "smartctl_device_smart_status{device=sdb} 0",
                "smartctl_device_temperature{device=sdb,temperature_type=current} 39",
                // A USB bridge that passes no SMART command: no health, no temperature.
                "vigie_smart_result_age_seconds{device=sdc} 300",
                "vigie_smart_result_age_seconds{device=sde} 3660");
    }

    @Test
    void aMalformedResultIsSkippedAndSaidAtWarnOncePerVersion() throws Exception {
        result("sda_sat.json", fixture("sda_sat.json"), Duration.ofMinutes(1));
        String sdb = fixture("sdb_sat.json");
        result("sdb_sat.json", sdb.substring(0, sdb.length() / 2), Duration.ofMinutes(2));
        result("sdc_sat.json", "", Duration.ofMinutes(2));
        result("sdd_sat.json", "{\"device\": {\"name\": \"sdd\"}, \"smart_status\": {\"passed\": false}}",
                Duration.ofMinutes(2));
        result("sdg_sat.json", "[1, 2]", Duration.ofMinutes(2));
        Files.write(results.resolve("sdh_sat.json"), new byte[SmartCollector.MAX_BYTES + 1]);
        Files.createDirectory(results.resolve("sdi_sat.json"));

        try (LogCapture log = LogCapture.of(SmartCollector.class.getName())) {
            List<String> first = collect(collector);
            List<String> second = collect(collector);

            assertThat(first).isEqualTo(second).containsExactly(
                    "vigie_smart_result_age_seconds{device=sda} 60",
                    "smartctl_device_smart_status{device=sda} 1",
                    "smartctl_device_temperature{device=sda,temperature_type=current} 34");
            assertThat(log.lines()).filteredOn(line -> line.contains("level=WARN")).hasSize(6)
                    .allSatisfy(line -> assertThat(line).contains("event=metrics.smart-result-malformed"))
                    .anySatisfy(line -> assertThat(line).contains("sdb_sat.json", "Unexpected end-of-input"))
                    .anySatisfy(line -> assertThat(line).contains("sdd_sat.json", "no device.name under /dev/"))
                    .anySatisfy(line -> assertThat(line).contains("sdg_sat.json", "not a JSON object"))
                    .anySatisfy(line -> assertThat(line).contains("sdh_sat.json", "at most 1048576 bytes"))
                    .anySatisfy(line -> assertThat(line).contains("sdi_sat.json", "not a regular file"));
            assertThat(log.count("level=DEBUG")).isEqualTo(6);

            // Rewritten by the next run of the timer: said again if still wrong, read if right.
            result("sdb_sat.json", sdb, Duration.ofMinutes(1));
            result("sdd_sat.json", "{}", Duration.ofSeconds(30));
            assertThat(collect(collector)).contains("smartctl_device_smart_status{device=sdb} 0");
            assertThat(log.count("level=WARN")).isEqualTo(7);
        }
    }

    @Test
    void withoutTheResultsDirectoryNothingIsReported() throws IOException {
        Files.delete(results);

        assertThat(collect(collector)).isEmpty();
    }

    @Test
    void theTimersScriptWritesOneResultPerDiskAtomicallyAndForgetsDisksThatAreGone() throws Exception {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path fake = bin.resolve("smartctl");
        Files.writeString(fake, String.join("\n",
                "#!/bin/sh",
                "# Stands for smartctl 7.3: answers from the fixtures, logs its arguments.",
                "echo \"$*\" >>\"$FIXTURES_LOG\"",
                "if [ \"$1\" = --scan-open ]; then",
                "    printf '%s\\n' '/dev/sda -d sat # /dev/sda [SAT], ATA device' \\",
                "        '/dev/sdb -d sat # /dev/sdb [SAT], ATA device' \\",
                "        '# /dev/sdx -d scsi # /dev/sdx, SCSI device open failed: No such device' \\",
                "        '/dev/sdd -d sat # /dev/sdd [SAT], ATA device' \\",
                "        '/dev/sde -d sat # /dev/sde [SAT], ATA device' \\",
                "        '/dev/bus/0 -d megaraid,0 # /dev/bus/0 [megaraid_disk_00], SCSI device' \\",
                "        '/dev/sd$(touch${IFS}pwned) -d sat # not a device name'",
                "    exit 0",
                "fi",
                "for device; do :; done",
                "case \"$device\" in",
                "    /dev/sda) cat \"$FIXTURES/sda_sat.json\" ;;",
                "    /dev/sdb) cat \"$FIXTURES/sdb_sat.json\"; exit 24 ;;",
                "    /dev/sdd) exit 3 ;;",
                "    /dev/sde) exit 2 ;;",
                "    /dev/bus/0) cat \"$FIXTURES/bus_0_megaraid_0.json\" ;;",
                "esac",
                ""));
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        // Left by earlier runs: sdd (asleep now: kept), a disk removed since, and another file.
        result("sdd_sat.json", fixture("sda_sat.json").replace("/dev/sda", "/dev/sdd"), Duration.ofMinutes(20));
        result("sdz_sat.json", fixture("sda_sat.json").replace("/dev/sda", "/dev/sdz"), Duration.ofMinutes(20));
        result("keep.txt", "not ours", Duration.ZERO);
        Path log = root.resolve("smartctl.log");

        String output = run(bin, log);

        try (Stream<Path> files = Files.list(results)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).as(output).containsExactly(
                    "bus_0_megaraid_0.json", "keep.txt", "sda_sat.json", "sdb_sat.json", "sdd_sat.json");
        }
        assertThat(Files.readString(results.resolve("sdb_sat.json"))).isEqualTo(fixture("sdb_sat.json"));
        assertThat(Files.readAllLines(log)).containsExactly("--scan-open",
                "--json=c --info --health --attributes -n standby,3 -d sat /dev/sda",
                "--json=c --info --health --attributes -n standby,3 -d sat /dev/sdb",
                "--json=c --info --health --attributes -n standby,3 -d sat /dev/sdd",
                "--json=c --info --health --attributes -n standby,3 -d sat /dev/sde",
                "--json=c --info --health --attributes -n standby,3 -d megaraid,0 /dev/bus/0");
        assertThat(root.resolve("pwned")).doesNotExist();
        assertThat(collect(collector)).contains("smartctl_device_smart_status{device=sdb} 0",
                "smartctl_device_smart_status{device=bus/0_megaraid,0} 1",
                "vigie_smart_result_age_seconds{device=sdd} 1200");
    }

    /** Runs the timer's script with the stand-in smartctl first on the PATH. */
    private String run(Path bin, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh",
                Path.of(System.getProperty("vigie.agent.deploy"), "vigie-agent-smart").toString())
                .directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        builder.environment().put("STATE_DIRECTORY", results.toString());
        builder.environment().put("FIXTURES", fixtures().toString());
        builder.environment().put("FIXTURES_LOG", log.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private void result(String name, String content, Duration age) throws IOException {
        Path file = results.resolve(name);
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
    }

    private static String fixture(String name) throws IOException {
        return Files.readString(fixtures().resolve(name));
    }

    private static Path fixtures() {
        try {
            return Path.of(SmartCollectorTest.class.getResource("/smart").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
