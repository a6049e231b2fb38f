package io.vigie.agent.metrics.db;

import io.vigie.agent.metrics.Collector;

/**
 * A collector that reads a database server: holds the server's target and is named after its
 * engine ({@code mysql}, {@code postgresql}).
 */
abstract class DatabaseCollector implements Collector {

    private final DatabaseTarget target;

    /** @param target the server */
    DatabaseCollector(DatabaseTarget target) {
        this.target = target;
    }

    @Override
    public final String name() {
        return target.name();
    }

    /** @return the server */
    final DatabaseTarget target() {
        return target;
    }
}
