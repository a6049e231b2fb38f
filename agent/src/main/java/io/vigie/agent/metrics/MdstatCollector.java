package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linux software RAID arrays, from {@code /proc/mdstat}, as node_exporter reports them (its
 * {@code mdadm} collector, through the {@code procfs} parser):
 * <ul>
 *   <li>{@code node_md_disks{device,state}}: disks {@code active} (the second number of
 *       {@code [total/active]}; all of them for raid0 and linear arrays, none for an inactive
 *       array), {@code failed} (marked {@code (F)}), {@code spare} ({@code (S)}) and {@code down}
 *       (the {@code _} of {@code [U_]}, a degraded array);</li>
 *   <li>{@code node_md_state{device,state}}: 1 for the array's state and 0 for the others, among
 *       {@code active}, {@code inactive}, {@code recovering}, {@code resync}, {@code check} and
 *       {@code reshape} (a running recovery, resync, check or reshape wins over
 *       {@code active}).</li>
 * </ul>
 * Without arrays, or without {@code /proc/mdstat} (the md driver not loaded), nothing is reported.
 * An array whose lines are malformed is skipped.
 */
final class MdstatCollector extends FileCollector {

    /** The states of {@code node_md_state}. */
    static final List<String> STATES = List.of("active", "inactive", "recovering", "resync", "check", "reshape");

    private static final Pattern STATUS = Pattern.compile("\\[(\\d+)/(\\d+)] \\[([U_]+)]");

    MdstatCollector(HostFiles files) {
        super("mdstat", files);
    }

    @Override
    public void collect(SampleSink sink) throws IOException {
        String text;
        try {
            text = files().text("/proc/mdstat");
        } catch (NoSuchFileException e) {
            return;
        }
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = ProcText.fields(lines.get(i));
            if (fields.length >= 3 && fields[1].equals(":") && !Character.isWhitespace(lines.get(i).charAt(0))
                    && !fields[0].equals("Personalities")) {
                array(fields[0], fields[2], lines, i, sink);
            }
        }
    }

    /** Reports the array whose first line is {@code lines[first]}, its details on the indented lines after it. */
    private static void array(String device, String state, List<String> lines, int first, SampleSink sink) {
        String deviceLine = lines.get(first);
        int end = first + 1;
        while (end < lines.size() && !lines.get(end).isBlank() && Character.isWhitespace(lines.get(end).charAt(0))) {
            end++;
        }
        long active;
        long down = 0;
        if (!state.equals("active") && !state.equals("inactive")) {
            return;
        } else if (state.equals("inactive")) {
            active = 0;
        } else if (deviceLine.contains("raid0") || deviceLine.contains("linear")) {
            active = count(deviceLine, "[");
        } else {
            Matcher status = end > first + 1 ? STATUS.matcher(lines.get(first + 1)) : null;
            if (status == null || !status.find()) {
                return;
            }
            active = Long.parseLong(status.group(2));
            down = count(status.group(3), "_");
        }
        String current = state.equals("inactive") ? "inactive" : activity(lines.subList(first + 1, end));
        sink.add("node_md_disks", Map.of("device", device, "state", "active"), active);
        sink.add("node_md_disks", Map.of("device", device, "state", "failed"), count(deviceLine, "(F)"));
        sink.add("node_md_disks", Map.of("device", device, "state", "spare"), count(deviceLine, "(S)"));
        sink.add("node_md_disks", Map.of("device", device, "state", "down"), down);
        for (String each : STATES) {
            sink.add("node_md_state", Map.of("device", device, "state", each), each.equals(current) ? 1 : 0);
        }
    }

    /** @return the state of an active array: what its progress line says it is doing, else active */
    private static String activity(List<String> details) {
        for (String line : details) {
            if (line.contains("recovery")) {
                return "recovering";
            } else if (line.contains("check")) {
                return "check";
            } else if (line.contains("reshape")) {
                return "reshape";
            } else if (line.contains("resync")) {
                return "resync";
            }
        }
        return "active";
    }

    private static long count(String text, String part) {
        long count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            count++;
        }
        return count;
    }
}
