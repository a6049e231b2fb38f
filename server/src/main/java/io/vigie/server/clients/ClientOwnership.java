package io.vigie.server.clients;


import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.vigie.server.web.TenantOwnership;

/** Declares which client owns the records named by {@code clientId} and {@code contactId}. */
@Configuration(proxyBeanMethods = false)
class ClientOwnership {

    @Bean
    TenantOwnership clientIdOwnership(ClientService clients) {
        return TenantOwnership.of("clientId", id -> clients.find(id).map(Client::id));
    }

    @Bean
    TenantOwnership contactIdOwnership(ClientService clients) {
        return TenantOwnership.of("contactId", clients::clientOfContact);
    }

}
