package io.vigie.server.notifications;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import io.vigie.server.incidents.IncidentService;

/**
 * Recurring jobs of notifications, run by db-scheduler once per cluster: delivery of the outbox
 * every 10 seconds, reminders of unacknowledged incidents every 5 minutes, and every minute the
 * release of incidents held by a maintenance window that is over (docs/maintenance.md).
 */
@Configuration(proxyBeanMethods = false)
class NotificationJobs {

    @Bean
    RecurringTask<Void> notificationDeliveryTask(NotificationDelivery delivery) {
        return Tasks.recurring("notification-delivery", FixedDelay.ofSeconds(10))
                .execute((instance, context) -> delivery.deliverDue());
    }

    @Bean
    RecurringTask<Void> incidentReminderTask(IncidentService incidents) {
        return Tasks.recurring("incident-reminders", FixedDelay.ofMinutes(5))
                .execute((instance, context) -> incidents.remind());
    }

    @Bean
    RecurringTask<Void> incidentMaintenanceReleaseTask(IncidentService incidents) {
        return Tasks.recurring("incident-maintenance-release", FixedDelay.ofMinutes(1))
                .execute((instance, context) -> incidents.releaseAfterMaintenance());
    }
}
