package io.vigie.server.incidents;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.vigie.server.web.TenantOwnership;

/** Declares which client owns the incident named by {@code incidentId}. */
@Configuration(proxyBeanMethods = false)
class IncidentOwnership {

    @Bean
    TenantOwnership incidentIdOwnership(IncidentService incidents) {
        return TenantOwnership.of("incidentId", incidents::clientOf);
    }
}
