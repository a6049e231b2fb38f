package io.vigie.server.users;

/**
 * What a user may do. {@code ADMIN} and {@code OPERATOR} are the provider's staff and see every
 * client; {@code CLIENT} users belong to one client and see only its data.
 */
public enum Role {
    /** Provider staff who also manage staff accounts. */
    ADMIN,
    /** Provider staff: clients, contracts, servers, interventions. */
    OPERATOR,
    /** A user of one client: reads its own data and makes requests. */
    CLIENT;

    /** @return true for the provider's staff */
    public boolean isStaff() {
        return this != CLIENT;
    }
}
