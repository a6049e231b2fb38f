package io.vigie.server.notifications;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.vigie.server.web.TenantOwnership;

/**
 * Declares which client owns the channel named by {@code channelId}; a provider-wide channel has
 * none, so client users are refused it.
 */
@Configuration(proxyBeanMethods = false)
class NotificationOwnership {

    @Bean
    TenantOwnership channelIdOwnership(NotificationService channels) {
        return TenantOwnership.of("channelId", channels::clientOf);
    }
}
