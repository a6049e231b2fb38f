package io.vigie.server.contracts;

/** Where a contract stands in its life. */
public enum ContractStatus {
    /** Being prepared; the service has not started (CON-9). */
    DRAFT,
    /** In force. */
    ACTIVE,
    /** Service suspended, e.g. for non-payment (BIL-4). */
    SUSPENDED,
    /** Ended. */
    TERMINATED
}
