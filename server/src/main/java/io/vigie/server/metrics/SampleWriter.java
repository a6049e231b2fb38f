package io.vigie.server.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.vigie.protocol.MetricSamples;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way samples enter the metric store (docs/metrics-storage.md), for the agents' rounds and
 * the uptime checks alike: each sample's series is resolved through an in-memory cache (a miss
 * creates the series), then the samples of one time are inserted in one statement, in the caller's
 * transaction.
 */
@Component
class SampleWriter {

    private final MetricRepository repository;
    private final JsonMapper json;
    private final Map<SeriesKey, Long> seriesIds = new ConcurrentHashMap<>();

    SampleWriter(MetricRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    private record SeriesKey(MetricCatalog.Owner owner, UUID ownerId, String name, String labels) {
    }

    /**
     * Stores samples of one owner taken at one time; a sample already stored (same series and
     * time) is kept.
     *
     * @param owner a server or a monitor
     * @param ownerId its id
     * @param at the samples' time
     * @param samples valid samples of metrics of that owner
     * @param now the time a new series is first seen
     */
    void write(MetricCatalog.Owner owner, UUID ownerId, Instant at, List<MetricSamples.Sample> samples, Instant now) {
        if (samples.isEmpty()) {
            return;
        }
        long[] ids = new long[samples.size()];
        double[] values = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            MetricSamples.Sample sample = samples.get(i);
            ids[i] = seriesId(owner, ownerId, sample, now);
            values[i] = sample.value();
        }
        repository.insertSamples(at, ids, values, samples.size());
    }

    private long seriesId(MetricCatalog.Owner owner, UUID ownerId, MetricSamples.Sample sample, Instant now) {
        Map<String, String> sorted = sample.labels() == null ? Map.of() : new TreeMap<>(sample.labels());
        SeriesKey key = new SeriesKey(owner, ownerId, sample.name(), json.writeValueAsString(sorted));
        Long id = seriesIds.get(key);
        if (id == null) {
            long resolved = repository.seriesId(owner, ownerId, key.name(), key.labels(), now);
            // Cached once committed: a series created by a transaction that rolls back must not be reused.
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        seriesIds.put(key, resolved);
                    }
                });
            } else {
                seriesIds.put(key, resolved);
            }
            return resolved;
        }
        return id;
    }
}
