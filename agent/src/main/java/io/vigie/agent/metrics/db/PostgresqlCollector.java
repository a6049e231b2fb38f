package io.vigie.agent.metrics.db;

import io.vigie.agent.metrics.SampleSink;
import java.io.IOException;
import java.net.ProtocolException;
import java.util.List;
import java.util.Map;

/**
 * The connections of a PostgreSQL server:
 * <ul>
 *   <li>{@code vigie_postgresql_connections}: the client connections (backends of type
 *       {@code client backend} in {@code pg_stat_activity}, the agent's own included);</li>
 *   <li>{@code pg_settings_max_connections}: the limit, postgres_exporter's name for the
 *       {@code max_connections} setting.</li>
 * </ul>
 * One connection per round, to the database {@code postgres}, closed at the end of it. A role
 * sees the type of other roles' backends only with {@code pg_read_all_stats} (or
 * {@code pg_monitor}, or as superuser): without it the count would silently be 1, so the round
 * fails instead, saying so.
 */
final class PostgresqlCollector extends DatabaseCollector {

    /** The database connected to: it exists in every cluster unless dropped. */
    static final String DATABASE = "postgres";

    static final String QUERY = "select count(*), current_setting('max_connections')::int, "
            + "pg_has_role('pg_read_all_stats', 'usage') from pg_stat_activity where backend_type = 'client backend'";

    PostgresqlCollector(DatabaseTarget target) {
        super(target);
    }

    @Override
    public void collect(SampleSink sink) throws IOException {
        DatabaseTarget target = target();
        List<List<String>> rows;
        try (PostgresConnection connection = PostgresConnection.open(target.address(), target.user(),
                target.password(), DATABASE, DatabaseTarget.TIMEOUT)) {
            rows = connection.query(QUERY);
        }
        if (rows.size() != 1 || rows.getFirst().size() != 3) {
            throw new ProtocolException(target.address() + " answered " + rows.size() + " rows to the connection count");
        }
        List<String> row = rows.getFirst();
        if (!"t".equals(row.get(2))) {
            throw new IOException("the role " + target.user() + " lacks pg_read_all_stats and would see only its own "
                    + "connection: GRANT pg_read_all_stats TO \"" + target.user() + "\"");
        }
        double connections = target.number(row.get(0), "the client backends");
        double max = target.number(row.get(1), "max_connections");
        sink.add("vigie_postgresql_connections", Map.of(), connections);
        sink.add("pg_settings_max_connections", Map.of(), max);
    }
}
