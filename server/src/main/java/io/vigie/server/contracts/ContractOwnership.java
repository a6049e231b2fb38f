package io.vigie.server.contracts;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.vigie.server.web.TenantOwnership;

/** Declares which client owns the contract named by {@code contractId}. */
@Configuration(proxyBeanMethods = false)
class ContractOwnership {

    @Bean
    TenantOwnership contractIdOwnership(ContractService contracts) {
        return TenantOwnership.of("contractId", id -> contracts.find(id).map(Contract::clientId));
    }
}
