package io.vigie.server.servers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.vigie.server.web.TenantOwnership;

/** Declares which client owns the server named by {@code serverId}. */
@Configuration(proxyBeanMethods = false)
class ServerOwnership {

    @Bean
    TenantOwnership serverIdOwnership(ServerService servers) {
        return TenantOwnership.of("serverId", id -> servers.find(id).map(Server::clientId));
    }
}
