package io.vigie.server.metrics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.vigie.protocol.MetricSamples;
import io.vigie.server.uptime.CheckResult;
import io.vigie.server.uptime.CheckResultListener;

/**
 * Keeps the outcome of each uptime check as samples of its monitor (docs/uptime.md, "Metrics"),
 * named as blackbox_exporter names them: {@code probe_success} (1 or 0) and
 * {@code probe_duration_seconds} when the check got an answer, plus
 * {@code vigie_probe_cert_days_left} for HTTPS. A failed first attempt is not an outcome (its
 * retry decides), so the average of {@code probe_success} over a period is the monitor's uptime
 * as the console counts it. The samples are written in the transaction that stores the attempt.
 */
@Component
class ProbeMetrics implements CheckResultListener {

    private final SampleWriter writer;
    private final Clock clock;

    ProbeMetrics(SampleWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public void recorded(UUID monitorId, CheckResult result) {
        if (!result.isOutcome()) {
            return;
        }
        List<MetricSamples.Sample> samples = new ArrayList<>(3);
        samples.add(new MetricSamples.Sample(MetricCatalog.PROBE_SUCCESS, Map.of(), result.ok() ? 1 : 0));
        if (result.responseMs() != null) {
            samples.add(new MetricSamples.Sample(MetricCatalog.PROBE_DURATION, Map.of(), result.responseMs() / 1000.0));
        }
        if (result.certDaysLeft() != null) {
            samples.add(new MetricSamples.Sample(MetricCatalog.PROBE_CERT_DAYS_LEFT, Map.of(), result.certDaysLeft()));
        }
        writer.write(MetricCatalog.Owner.MONITOR, monitorId, result.at(), samples, clock.instant());
    }
}
