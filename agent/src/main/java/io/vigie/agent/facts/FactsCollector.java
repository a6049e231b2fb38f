package io.vigie.agent.facts;

import io.vigie.agent.host.HostFiles;
import io.vigie.agent.host.LocalFileSystems;
import io.vigie.agent.host.LocalFileSystems.LocalFileSystem;
import io.vigie.agent.log.Event;
import io.vigie.protocol.HostFacts;
import io.vigie.protocol.HostFacts.Disk;
import io.vigie.protocol.HostFacts.InterfaceAddress;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the host's {@link HostFacts} from the files Linux exposes: {@code /etc/os-release},
 * {@code /proc/sys/kernel/{hostname,osrelease}}, {@code /proc/uptime}, {@code /proc/cpuinfo},
 * {@code /proc/meminfo}, {@code /proc/self/mounts}, plus the network interfaces and
 * {@code os.arch}.
 *
 * <p>The files are read below an injectable root ({@code /} in production, fixture files in
 * tests). Collecting never throws: a file that is missing, unreadable or malformed leaves its
 * facts {@code null}, 0 or empty, with a DEBUG log line, because a heartbeat with partial facts
 * is worth more than no heartbeat. Each call reads everything again; the collector keeps no
 * state and is safe to share.
 */
public final class FactsCollector {

    private static final System.Logger LOG = System.getLogger(FactsCollector.class.getName());

    private final HostFiles files;
    private final LocalFileSystems fileSystems;
    private final Supplier<List<InterfaceAddress>> addresses;
    private final String agentVersion;

    /**
     * @param root the directory standing for the host's {@code /}
     * @param addresses gives the host's IP addresses
     * @param agentVersion the version reported in the facts
     */
    public FactsCollector(Path root, Supplier<List<InterfaceAddress>> addresses, String agentVersion) {
        this.files = new HostFiles(root);
        this.fileSystems = new LocalFileSystems(files);
        this.addresses = addresses;
        this.agentVersion = agentVersion;
    }

    /**
     * @param agentVersion the version reported in the facts
     * @return a collector of the machine it runs on
     */
    public static FactsCollector ofThisHost(String agentVersion) {
        return new FactsCollector(Path.of("/"), NetworkAddresses::collect, agentVersion);
    }

    /** @return the host's facts now */
    public HostFacts collect() {
        Map<String, String> osRelease = files.read("/etc/os-release").map(FactsCollector::parseOsRelease)
                .orElse(Map.of());
        Optional<String> cpuinfo = files.read("/proc/cpuinfo");
        Optional<String> meminfo = files.read("/proc/meminfo");
        return new HostFacts(
                firstLine("/proc/sys/kernel/hostname"),
                osRelease.get("NAME"),
                Optional.ofNullable(osRelease.get("VERSION")).orElse(osRelease.get("VERSION_ID")),
                firstLine("/proc/sys/kernel/osrelease"),
                System.getProperty("os.arch"),
                files.read("/proc/uptime").map(FactsCollector::parseUptime).orElse(0L),
                cpuinfo.map(FactsCollector::parseCpuModel).orElse(null),
                cpuinfo.map(FactsCollector::countProcessors).orElse(0),
                meminfo.map(text -> parseMeminfo(text, "MemTotal")).orElse(0L),
                meminfo.map(text -> parseMeminfo(text, "SwapTotal")).orElse(0L),
                disks(),
                addresses.get(),
                agentVersion);
    }

    /** @return the local file systems with their size and used space, counted as {@code df} does */
    private List<Disk> disks() {
        List<LocalFileSystem> found;
        try {
            found = fileSystems.list();
        } catch (IOException | SecurityException e) {
            LOG.log(Level.DEBUG, Event.of("facts.mounts-unreadable", "error", e.toString()));
            return List.of();
        }
        List<Disk> disks = new ArrayList<>();
        for (LocalFileSystem fs : found) {
            try {
                FileStore store = fs.store();
                long total = store.getTotalSpace();
                disks.add(new Disk(fs.device(), fs.mountPoint(), fs.fsType(), total,
                        total - store.getUnallocatedSpace()));
            } catch (IOException | SecurityException e) {
                LOG.log(Level.DEBUG, Event.of("facts.mount-unreadable", "mount-point", fs.mountPoint(),
                        "error", e.toString()));
            }
        }
        return List.copyOf(disks);
    }

    private String firstLine(String file) {
        return files.read(file).flatMap(text -> text.lines().findFirst()).map(String::strip)
                .filter(line -> !line.isEmpty()).orElse(null);
    }

    /** Parses {@code KEY=value} lines; values may be quoted with {@code "} or {@code '}, escapes undone. */
    static Map<String, String> parseOsRelease(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.lines().map(String::strip).toList()) {
            int equals = line.indexOf('=');
            if (line.startsWith("#") || equals <= 0) {
                continue;
            }
            values.put(line.substring(0, equals), unquote(line.substring(equals + 1)));
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            value = value.substring(1, value.length() - 1);
        }
        StringBuilder text = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                c = value.charAt(++i);
            }
            text.append(c);
        }
        return text.toString();
    }

    /** @return whole seconds since boot: the first number of {@code /proc/uptime} */
    static long parseUptime(String text) {
        try {
            return (long) Double.parseDouble(text.strip().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** @return the value of the first {@code model name} line (or {@code Model} on some ARM boards) */
    static String parseCpuModel(String cpuinfo) {
        return cpuinfoValue(cpuinfo, "model name").or(() -> cpuinfoValue(cpuinfo, "Model")).orElse(null);
    }

    /** @return the number of {@code processor} entries, that is of logical CPUs */
    static int countProcessors(String cpuinfo) {
        return (int) cpuinfo.lines().filter(line -> key(line).equals("processor")).count();
    }

    /** @return the value of {@code key} in {@code /proc/meminfo}, in bytes (the file says kB) */
    static long parseMeminfo(String meminfo, String key) {
        for (String line : meminfo.lines().toList()) {
            if (key(line).equals(key)) {
                String[] parts = value(line).split("\\s+");
                try {
                    long amount = Long.parseLong(parts[0]);
                    return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? amount * 1024 : amount;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static Optional<String> cpuinfoValue(String cpuinfo, String key) {
        return cpuinfo.lines().filter(line -> key(line).equals(key)).map(FactsCollector::value)
                .filter(v -> !v.isEmpty()).findFirst();
    }

    private static String key(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(0, colon).strip();
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).strip();
    }
}
