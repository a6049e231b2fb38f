package io.vigie.server.maintenance;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.vigie.server.web.TenantOwnership;

/** Declares which client owns the maintenance window named by {@code windowId}. */
@Configuration(proxyBeanMethods = false)
class MaintenanceOwnership {

    @Bean
    TenantOwnership windowIdOwnership(MaintenanceService windows) {
        return TenantOwnership.of("windowId", windows::clientOf);
    }
}
