package io.vigie.server.servers;

/** What a server is for; production and development should not share a server (OPS-4). */
public enum ServerRole {
    /** Runs the client's production. */
    PRODUCTION,
    /** The client's development space (OPS-6); not in the backups by default (BAK-4). */
    DEVELOPMENT
}
