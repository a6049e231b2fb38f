package io.vigie.server.alerts;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import io.vigie.server.platform.VigieProperties;

/**
 * Evaluation of the alert rules, run by db-scheduler once per cluster every
 * {@code vigie.alerts.evaluation-interval} (60 s by default, at most 5 minutes: MON-4).
 */
@Configuration(proxyBeanMethods = false)
class AlertJobs {

    @Bean
    RecurringTask<Void> alertEvaluationTask(AlertEvaluator evaluator, VigieProperties properties) {
        return Tasks.recurring("alert-evaluation", FixedDelay.of(properties.alerts().evaluationInterval()))
                .execute((instance, context) -> evaluator.evaluate());
    }
}
