package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import io.vigie.agent.log.Event;
import io.vigie.agent.transport.Json;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The SMART health of the disks, from the results {@code vigie-agent-smart.service} leaves in
 * {@link #DIRECTORY}: one file per disk, the JSON of {@code smartctl --json --info --health
 * --attributes}, written by root every 10 minutes (the agent has no right to the devices). Names
 * are smartctl_exporter's, labelled {@code device}:
 * <ul>
 *   <li>{@code smartctl_device_smart_status}: 1 when the disk's overall self-assessment passed,
 *       0 when it failed; absent for a disk without SMART (a USB bridge, a virtual disk);</li>
 *   <li>{@code smartctl_device_temperature{temperature_type="current"}}: degrees Celsius, when the
 *       disk reports it;</li>
 *   <li>{@code vigie_smart_result_age_seconds}: how old the result is (its file's modification
 *       time), for every result, so that a timer that stopped shows.</li>
 * </ul>
 * A result older than {@link #MAX_AGE} gives its age only: an old health is no health. No
 * directory (smartmontools or the timer not installed yet) reports nothing. A file that is not a
 * smartctl result (not JSON, no {@code device.name}, larger than {@link #MAX_BYTES}) is skipped,
 * said at WARN once per version of the file and at DEBUG after.
 */
final class SmartCollector extends FileCollector {

    /** Where the root timer writes its results, as on the host. */
    static final String DIRECTORY = "/var/lib/vigie-agent-smart";

    /** Results older than this give their age only: six runs of the timer missed. */
    static final Duration MAX_AGE = Duration.ofHours(1);

    /** A result of {@code smartctl --info --health --attributes} is a few KiB; anything larger is not one. */
    static final int MAX_BYTES = 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(SmartCollector.class.getName());

    private final Clock clock;
    /** The modification time of each file last found malformed, so that it is said at WARN once. */
    private final Map<Path, FileTime> malformed = new HashMap<>();

    SmartCollector(HostFiles files, Clock clock) {
        super("smart", files);
        this.clock = clock;
    }

    @Override
    public void collect(SampleSink sink) throws IOException {
        List<Path> results = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(files().resolve(DIRECTORY), "*.json")) {
            entries.forEach(results::add);
        } catch (NoSuchFileException e) {
            return;
        }
        results.sort(null);
        malformed.keySet().retainAll(results);
        for (Path file : results) {
            BasicFileAttributes attributes;
            byte[] content = null;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        content = in.readNBytes(MAX_BYTES + 1);
                    }
                }
            } catch (NoSuchFileException e) {
                continue; // removed since listed: its disk is gone
            }
            try {
                result(content, attributes, sink);
                malformed.remove(file);
            } catch (IllegalArgumentException | JacksonException e) {
                FileTime previous = malformed.put(file, attributes.lastModifiedTime());
                Level level = attributes.lastModifiedTime().equals(previous) ? Level.DEBUG : Level.WARNING;
                String error = e instanceof JacksonException json ? json.getOriginalMessage() : e.getMessage();
                LOG.log(level, Event.of("metrics.smart-result-malformed", "file", file, "error", error));
            }
        }
    }

    private void result(byte[] content, BasicFileAttributes attributes, SampleSink sink) {
        if (content == null || content.length > MAX_BYTES) {
            throw new IllegalArgumentException("not a regular file of at most " + MAX_BYTES + " bytes");
        }
        JsonNode result = Json.mapper().readTree(content);
        if (result == null || !result.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, String> labels = Map.of("device", device(result.path("device")));
        Duration age = Duration.between(attributes.lastModifiedTime().toInstant(), clock.instant());
        sink.add("vigie_smart_result_age_seconds", labels, Math.max(0, age.toMillis() / 1000.0));
        if (age.compareTo(MAX_AGE) > 0) {
            return;
        }
        JsonNode passed = result.path("smart_status").path("passed");
        if (passed.isBoolean()) {
            sink.add("smartctl_device_smart_status", labels, passed.booleanValue() ? 1 : 0);
        }
        JsonNode temperature = result.path("temperature").path("current");
        if (temperature.isNumber()) {
            sink.add("smartctl_device_temperature", Map.of("device", labels.get("device"),
                    "temperature_type", "current"), temperature.doubleValue());
        }
    }

    /**
     * @param device the {@code device} object of a result, e.g. {@code {"name": "/dev/sda", "type": "sat"}}
     * @return its name without {@code /dev/}, as smartctl_exporter labels it ({@code sda},
     *     {@code nvme0}); a disk behind a RAID controller, whose type names it
     *     ({@code megaraid,0}), gets the type appended ({@code bus/0_megaraid,0})
     * @throws IllegalArgumentException when the result names no device under {@code /dev/}
     */
    static String device(JsonNode device) {
        String name = device.path("name").asString("");
        if (!name.startsWith("/dev/") || name.length() == "/dev/".length()) {
            throw new IllegalArgumentException("no device.name under /dev/");
        }
        String type = device.path("type").asString("");
        return name.substring("/dev/".length()) + (type.contains(",") ? "_" + type : "");
    }
}
