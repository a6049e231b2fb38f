package io.vigie.agent.metrics.db;

import io.vigie.agent.metrics.SampleSink;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The connections of a MySQL or MariaDB server, under mysqld_exporter's names:
 * <ul>
 *   <li>{@code mysql_global_status_threads_connected}: the open connections (the agent's own
 *       included), status {@code Threads_connected};</li>
 *   <li>{@code mysql_global_status_max_used_connections}: the most connections open at once since
 *       the server started, status {@code Max_used_connections};</li>
 *   <li>{@code mysql_global_variables_max_connections}: the limit, variable {@code max_connections}.</li>
 * </ul>
 * One connection per round, closed at the end of it. Both statements need no privilege.
 */
final class MysqlCollector extends DatabaseCollector {

    static final String STATUS = "SHOW GLOBAL STATUS WHERE Variable_name IN ('Threads_connected', 'Max_used_connections')";
    static final String VARIABLES = "SHOW GLOBAL VARIABLES WHERE Variable_name = 'max_connections'";

    /** Each metric and the status or variable it is read from. */
    private static final String[][] METRICS = {
        {"mysql_global_status_threads_connected", "Threads_connected"},
        {"mysql_global_status_max_used_connections", "Max_used_connections"},
        {"mysql_global_variables_max_connections", "max_connections"},
    };

    MysqlCollector(DatabaseTarget target) {
        super(target);
    }

    @Override
    public void collect(SampleSink sink) throws IOException {
        DatabaseTarget target = target();
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (MysqlConnection connection = MysqlConnection.open(target.address(), target.user(), target.password(),
                DatabaseTarget.TIMEOUT)) {
            put(values, connection.query(STATUS));
            put(values, connection.query(VARIABLES));
        }
        double[] numbers = new double[METRICS.length];
        for (int i = 0; i < METRICS.length; i++) {
            numbers[i] = target.number(values.get(METRICS[i][1]), METRICS[i][1]);
        }
        for (int i = 0; i < METRICS.length; i++) {
            sink.add(METRICS[i][0], Map.of(), numbers[i]);
        }
    }

    private static void put(Map<String, String> values, List<List<String>> rows) {
        for (List<String> row : rows) {
            if (row.size() == 2 && row.get(0) != null) {
                values.put(row.get(0), row.get(1));
            }
        }
    }
}
