package io.vigie.agent.metrics;

/** A collector that holds its name, given at construction. */
abstract class NamedCollector implements Collector {

    private final String name;

    /** @param name the collector's name, for logs */
    NamedCollector(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }
}
