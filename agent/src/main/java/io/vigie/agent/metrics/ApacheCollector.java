package io.vigie.agent.metrics;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Apache httpd's connections, workers and requests, from the machine-readable form of its
 * {@code mod_status} page ({@code /server-status?auto}: {@code Key: value} lines, the first one
 * the server's name), as apache_exporter names them:
 * <ul>
 *   <li>{@code apache_workers{state="busy"|"idle"}}: {@code BusyWorkers}, {@code IdleWorkers}
 *       (always there: without them the page is not a status page);</li>
 *   <li>{@code apache_connections{state="total"|"writing"|"keepalive"|"closing"}}:
 *       {@code ConnsTotal}, {@code ConnsAsyncWriting}, {@code ConnsAsyncKeepAlive},
 *       {@code ConnsAsyncClosing}, printed by the event MPM only;</li>
 *   <li>{@code apache_accesses_total}: {@code Total Accesses}, a counter since Apache started,
 *       printed with {@code ExtendedStatus On} (the default when mod_status is loaded).</li>
 * </ul>
 * A line that is not {@code Key: value}, a value of these keys that is not a whole number, or a
 * page without the worker counts fails the round.
 */
final class ApacheCollector extends StatusPageCollector {

    /** The keys of the connection counts and their {@code state} label, in the page's order. */
    private static final List<Map.Entry<String, String>> CONNECTIONS = List.of(Map.entry("ConnsTotal", "total"),
            Map.entry("ConnsAsyncWriting", "writing"), Map.entry("ConnsAsyncKeepAlive", "keepalive"),
            Map.entry("ConnsAsyncClosing", "closing"));

    ApacheCollector(URI url) {
        super("apache", url);
    }

    @Override
    void parse(String page, SampleSink sink) throws IOException {
        List<String> lines = page.lines().toList();
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(": ");
            if (colon > 0) {
                values.put(line.substring(0, colon), line.substring(colon + 2).strip());
            } else if (i > 0 || line.isBlank()) {
                // The first line alone is the server's name (an IPv6 address has colons but no ": ").
                throw malformed("line " + (i + 1) + " is not 'Key: value'");
            }
        }
        if (!values.containsKey("BusyWorkers") || !values.containsKey("IdleWorkers")) {
            throw malformed("no BusyWorkers and IdleWorkers");
        }
        sink.add("apache_workers", Map.of("state", "busy"), number(values, "BusyWorkers"));
        sink.add("apache_workers", Map.of("state", "idle"), number(values, "IdleWorkers"));
        for (Map.Entry<String, String> connections : CONNECTIONS) {
            if (values.containsKey(connections.getKey())) {
                sink.add("apache_connections", Map.of("state", connections.getValue()),
                        number(values, connections.getKey()));
            }
        }
        if (values.containsKey("Total Accesses")) {
            sink.add("apache_accesses_total", Map.of(), number(values, "Total Accesses"));
        }
    }

    private double number(Map<String, String> values, String key) throws IOException {
        try {
            return ProcText.unsigned(values.get(key));
        } catch (NumberFormatException e) {
            throw malformed(key + " is not a whole number: '" + values.get(key) + "'");
        }
    }
}
