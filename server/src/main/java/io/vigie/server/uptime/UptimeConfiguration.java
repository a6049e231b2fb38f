package io.vigie.server.uptime;

import java.time.LocalTime;
import java.time.ZoneOffset;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Daily;

import io.vigie.server.platform.VigieProperties;
import io.vigie.server.web.TenantOwnership;

/**
 * Declares which client owns the monitor named by {@code monitorId}, and the daily deletion of
 * check results older than the retention (a db-scheduler job, once per cluster, at 04:10 UTC).
 */
@Configuration(proxyBeanMethods = false)
class UptimeConfiguration {

    @Bean
    TenantOwnership monitorIdOwnership(UptimeService monitors) {
        return TenantOwnership.of("monitorId", monitors::clientOf);
    }

    @Bean
    RecurringTask<Void> uptimeRetentionTask(UptimeService monitors, VigieProperties properties) {
        return Tasks.recurring("uptime-retention", new Daily(ZoneOffset.UTC, LocalTime.of(4, 10)))
                .execute((instance, context) -> monitors.applyRetention(properties.uptime().resultRetention()));
    }
}
