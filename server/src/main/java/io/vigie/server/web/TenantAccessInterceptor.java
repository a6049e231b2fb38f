package io.vigie.server.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import io.vigie.server.platform.Ids;
import io.vigie.server.platform.NotFoundException;
import io.vigie.server.users.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Tenant isolation at the door: for a client user, every identifier in the URL must belong to the
 * user's own client, else the request answers 404 before any handler code or body parsing runs.
 * Services filter by client as well; this is the second, uniform line of defence, and the one the
 * tenancy test exercises for every endpoint.
 */
final class TenantAccessInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(TenantAccessInterceptor.class);

    private final Map<String, TenantOwnership> resolvers;

    TenantAccessInterceptor(List<TenantOwnership> resolvers) {
        this.resolvers = resolvers.stream().collect(Collectors.toMap(TenantOwnership::pathVariable, Function.identity()));
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Optional<CurrentUser> user = CurrentUser.get();
        if (user.isEmpty() || user.get().isStaff()) {
            return true;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables == null) {
            return true;
        }
        UUID clientId = user.get().clientId();
        variables.forEach((name, value) -> {
            TenantOwnership resolver = resolvers.get(name);
            if (resolver == null) {
                log.warn("path variable {} has no TenantOwnership: refused to client users", name);
                throw new NotFoundException(name, value);
            }
            UUID id = Ids.parse(value).orElseThrow(() -> new NotFoundException(name, value));
            if (!resolver.ownerOf(id).map(clientId::equals).orElse(false)) {
                throw new NotFoundException(name, value);
            }
        });
        return true;
    }
}
