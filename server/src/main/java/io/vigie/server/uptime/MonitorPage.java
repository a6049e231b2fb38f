package io.vigie.server.uptime;

import java.util.List;

/**
 * One page of the monitor list.
 *
 * @param rows the monitors of the page
 * @param total how many monitors match, over all pages
 * @param page the page number, from 0
 * @param size monitors per page
 */
public record MonitorPage(List<MonitorSummary> rows, long total, int page, int size) {

    /** @return whether a page follows */
    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }
}
