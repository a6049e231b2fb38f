package io.vigie.server.metrics;

import java.time.LocalTime;
import java.time.ZoneOffset;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Daily;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

/**
 * The metric store's recurring jobs, run by db-scheduler once per cluster: compaction every 10
 * minutes, retention daily at 03:30 UTC (after a compaction, so that no plain sample is deleted
 * before its rollups are made).
 */
@Configuration(proxyBeanMethods = false)
class MetricJobs {

    @Bean
    RecurringTask<Void> metricCompactionTask(MetricCompaction compaction) {
        return Tasks.recurring("metric-compaction", FixedDelay.ofMinutes(10))
                .execute((instance, context) -> compaction.compact());
    }

    @Bean
    RecurringTask<Void> metricRetentionTask(MetricCompaction compaction) {
        return Tasks.recurring("metric-retention", new Daily(ZoneOffset.UTC, LocalTime.of(3, 30)))
                .execute((instance, context) -> {
                    compaction.compact();
                    compaction.applyRetention();
                });
    }
}
