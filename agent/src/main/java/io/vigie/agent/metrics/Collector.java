package io.vigie.agent.metrics;

import java.io.IOException;

/**
 * One source of metric samples (a file of {@code /proc}, the mounted file systems, ...): adds the
 * samples it observes now to the sink, or throws, in which case its samples of this round are
 * discarded and the other collectors still report.
 */
public interface Collector {

    /** @return a short name for logs, e.g. {@code cpu} */
    String name();

    /**
     * @param sink where the samples go
     * @throws IOException when the source cannot be read
     */
    void collect(SampleSink sink) throws IOException;
}
