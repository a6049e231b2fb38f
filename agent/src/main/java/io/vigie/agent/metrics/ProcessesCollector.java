package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code node_procs_running} and {@code node_procs_blocked} from {@code /proc/stat} (processes
 * runnable, and blocked waiting for I/O), and {@code vigie_processes}, the number of processes:
 * the entries of {@code /proc} whose name is a number (each is a process directory; counting
 * names spares a {@code stat} per process).
 */
final class ProcessesCollector extends FileCollector {

    ProcessesCollector(HostFiles files) {
        super("processes", files);
    }

    @Override
    public void collect(SampleSink sink) throws IOException {
        eachLine("/proc/stat", line -> {
            if (line.startsWith("procs_running ")) {
                add(sink, "node_procs_running", line);
            } else if (line.startsWith("procs_blocked ")) {
                add(sink, "node_procs_blocked", line);
            }
        });
        int processes = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(files().resolve("/proc"))) {
            for (Path entry : entries) {
                if (isNumber(entry.getFileName().toString())) {
                    processes++;
                }
            }
        }
        sink.add("vigie_processes", Map.of(), processes);
    }

    private static void add(SampleSink sink, String name, String line) {
        try {
            sink.add(name, Map.of(), ProcText.unsigned(line.substring(line.indexOf(' ') + 1).strip()));
        } catch (NumberFormatException e) {
            // left out: a malformed line is no value
        }
    }

    private static boolean isNumber(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return !name.isEmpty();
    }
}
