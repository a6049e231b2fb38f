package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import java.io.IOException;

/**
 * A collector of one file whose lines are independent records (a CPU, a disk, an interface):
 * each line is parsed on its own, and a malformed one adds no sample without spoiling the others.
 */
abstract class LineCollector extends FileCollector {

    private final String file;

    /**
     * @param name the collector's name, for logs
     * @param files the host's files
     * @param file the file read, as on the host, e.g. {@code /proc/diskstats}
     */
    LineCollector(String name, HostFiles files, String file) {
        super(name, files);
        this.file = file;
    }

    @Override
    public final void collect(SampleSink sink) throws IOException {
        eachLine(file, line -> line(line, sink));
    }

    /**
     * @param line one line of the file
     * @param sink where its samples go; none when the line is a header or malformed
     */
    abstract void line(String line, SampleSink sink);
}
