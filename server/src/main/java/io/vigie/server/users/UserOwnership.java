package io.vigie.server.users;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.vigie.server.web.TenantOwnership;

/** Declares which client owns the records named by {@code userId} and {@code tokenId}. */
@Configuration(proxyBeanMethods = false)
class UserOwnership {

    @Bean
    TenantOwnership userIdOwnership(UserService users) {
        return TenantOwnership.of("userId", users::clientOf);
    }

    @Bean
    TenantOwnership tokenIdOwnership(ApiTokenService tokens) {
        return TenantOwnership.of("tokenId", tokens::ownerClientOf);
    }
}
