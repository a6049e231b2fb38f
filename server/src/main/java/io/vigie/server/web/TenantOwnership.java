package io.vigie.server.web;

import java.util.Optional;
import java.util.UUID;

/**
 * Tells which client owns the record named by a URL path variable. Each feature declares one per
 * path variable it uses ({@code clientId}, {@code serverId}, ...). The {@link TenantAccessInterceptor}
 * uses them to refuse a client user any URL that names another client's record, before the
 * handler runs; a path variable that no feature declares is refused to client users (fail
 * closed), so a new endpoint cannot leak by omission.
 */
public interface TenantOwnership {

    /** @return the path variable name this resolves, e.g. {@code serverId} */
    String pathVariable();

    /**
     * @param id the identifier in the URL
     * @return the owning client; empty when the record is unknown or belongs to the provider
     */
    Optional<UUID> ownerOf(UUID id);

    /**
     * Declares an ownership resolver.
     *
     * @param pathVariable the variable name
     * @param resolver finds the owning client
     * @return the declaration, to be exposed as a bean
     */
    static TenantOwnership of(String pathVariable, java.util.function.Function<UUID, Optional<UUID>> resolver) {
        return new TenantOwnership() {
            @Override
            public String pathVariable() {
                return pathVariable;
            }

            @Override
            public Optional<UUID> ownerOf(UUID id) {
                return resolver.apply(id);
            }
        };
    }
}
