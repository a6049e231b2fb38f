package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * A collector that reads the host's files: holds them, and reads a file line by line without
 * holding it whole.
 */
abstract class FileCollector extends NamedCollector {

    private final HostFiles files;

    /**
     * @param name the collector's name, for logs
     * @param files the host's files
     */
    FileCollector(String name, HostFiles files) {
        super(name);
        this.files = files;
    }

    /** @return the host's files */
    final HostFiles files() {
        return files;
    }

    /**
     * @param file a path as on the host, e.g. {@code /proc/stat}
     * @param action called with each line, in order
     * @throws IOException when the file cannot be read
     */
    final void eachLine(String file, Consumer<String> action) throws IOException {
        try (BufferedReader reader = files.reader(file)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                action.accept(line);
            }
        }
    }
}
