package io.vigie.server.metrics;

import java.util.Locale;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import io.vigie.server.servers.ServerService;
import io.vigie.server.uptime.UptimeService;
import io.vigie.server.users.CurrentUser;

/**
 * The data of the charts of a server's and of a monitor's console page, fetched by
 * {@code /js/charts.js} with the console's session. The chart and the period are request
 * parameters, so that the only path variable is the server or the monitor, checked by the tenant
 * interceptor.
 */
@Controller
class MetricChartController {

    private final MetricCharts charts;
    private final ServerService servers;
    private final UptimeService monitors;
    private final MessageSource messages;

    MetricChartController(MetricCharts charts, ServerService servers, UptimeService monitors,
            MessageSource messages) {
        this.charts = charts;
        this.servers = servers;
        this.monitors = monitors;
        this.messages = messages;
    }

    @GetMapping("/servers/{serverId}/charts")
    @ResponseBody
    MetricCharts.ChartData chart(@PathVariable UUID serverId, @RequestParam String chart,
            @RequestParam(defaultValue = "24h") String range) {
        servers.get(serverId, CurrentUser.require());
        return localized(charts.chart(serverId, chart, range));
    }

    @GetMapping("/monitors/{monitorId}/charts")
    @ResponseBody
    MetricCharts.ChartData monitorChart(@PathVariable UUID monitorId, @RequestParam String chart,
            @RequestParam(defaultValue = "24h") String range) {
        return localized(charts.monitorChart(monitors.get(monitorId, CurrentUser.require()), chart, range));
    }

    /**
     * @return the data with its line labels that are keys (modes, directions...) and its note in
     *         the page's language; monitor names stay as they are
     */
    private MetricCharts.ChartData localized(MetricCharts.ChartData data) {
        Locale locale = LocaleContextHolder.getLocale();
        boolean named = data.chart().equals(MetricCharts.Chart.RESPONSE_TIME.key());
        return new MetricCharts.ChartData(data.chart(), data.unit(), data.from(), data.to(), data.x(), data.series()
                .stream()
                .map(line -> named ? line : new MetricCharts.Line(messages.getMessage("charts.line." + line.label(),
                        null, line.label(), locale), line.values()))
                .toList(), data.note() == null ? null : messages.getMessage(data.note(), null, locale));
    }
}
