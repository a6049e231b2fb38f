package io.vigie.agent.metrics;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nginx's connections and requests, from its {@code stub_status} page
 * (ngx_http_stub_status_module), as nginx-prometheus-exporter names them:
 * {@code nginx_connections_active}, {@code nginx_connections_reading},
 * {@code nginx_connections_writing}, {@code nginx_connections_waiting} (gauges),
 * {@code nginx_connections_accepted}, {@code nginx_connections_handled} and
 * {@code nginx_http_requests_total} (counters since nginx started). The page is four lines:
 * <pre>
 * Active connections: 291
 * server accepts handled requests
 *  16630948 16630948 31070465
 * Reading: 6 Writing: 179 Waiting: 106
 * </pre>
 * Anything else fails the round.
 */
final class NginxCollector extends StatusPageCollector {

    private static final List<Pattern> LINES = List.of(
            Pattern.compile("Active connections: (\\d+) *"),
            Pattern.compile("server accepts handled requests *"),
            Pattern.compile(" *(\\d+) (\\d+) (\\d+) *"),
            Pattern.compile("Reading: (\\d+) Writing: (\\d+) Waiting: (\\d+) *"));

    NginxCollector(URI url) {
        super("nginx", url);
    }

    @Override
    void parse(String page, SampleSink sink) throws IOException {
        List<String> lines = page.lines().toList();
        if (lines.size() != LINES.size()) {
            throw malformed(lines.size() + " lines, not " + LINES.size());
        }
        Matcher[] matched = new Matcher[LINES.size()];
        for (int i = 0; i < LINES.size(); i++) {
            matched[i] = LINES.get(i).matcher(lines.get(i));
            if (!matched[i].matches()) {
                throw malformed("line " + (i + 1) + " is not '" + LINES.get(i).pattern() + "'");
            }
        }
        try {
            sink.add("nginx_connections_active", Map.of(), ProcText.unsigned(matched[0].group(1)));
            sink.add("nginx_connections_accepted", Map.of(), ProcText.unsigned(matched[2].group(1)));
            sink.add("nginx_connections_handled", Map.of(), ProcText.unsigned(matched[2].group(2)));
            sink.add("nginx_http_requests_total", Map.of(), ProcText.unsigned(matched[2].group(3)));
            sink.add("nginx_connections_reading", Map.of(), ProcText.unsigned(matched[3].group(1)));
            sink.add("nginx_connections_writing", Map.of(), ProcText.unsigned(matched[3].group(2)));
            sink.add("nginx_connections_waiting", Map.of(), ProcText.unsigned(matched[3].group(3)));
        } catch (NumberFormatException e) {
            throw malformed("a number beyond 64 bits");
        }
    }
}
