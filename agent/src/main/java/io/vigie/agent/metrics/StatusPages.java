package io.vigie.agent.metrics;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The web servers' status pages the agent reads ({@code nginx.status-url},
 * {@code apache.status-url}): none unless configured, so that a host without them loads no HTTP
 * code for it and polls nothing.
 *
 * @param nginx the URL of nginx's {@code stub_status} page
 * @param apache the URL of Apache's {@code mod_status} page, machine-readable form ({@code ?auto})
 */
public record StatusPages(Optional<URI> nginx, Optional<URI> apache) {

    /** No status page: the default. */
    public static final StatusPages NONE = new StatusPages(Optional.empty(), Optional.empty());

    /** @return a collector for each page configured */
    public List<Collector> collectors() {
        List<Collector> collectors = new ArrayList<>(2);
        nginx.ifPresent(url -> collectors.add(new NginxCollector(url)));
        apache.ifPresent(url -> collectors.add(new ApacheCollector(url)));
        return List.copyOf(collectors);
    }
}
