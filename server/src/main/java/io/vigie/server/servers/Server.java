package io.vigie.server.servers;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A managed server as the provider records it (HW-1): where it is rented and what it is for. What
 * the host itself reports (OS, CPU, memory, disks, addresses) comes from its agent.
 *
 * @param id identifier
 * @param clientId the client
 * @param contractId the contract that covers it, if any
 * @param hostname host name
 * @param role production or development
 * @param supplier hardware supplier, e.g. OVH
 * @param supplierReference the supplier's reference, e.g. an OVH service name
 * @param datacenter datacenter, e.g. GRA11
 * @param model hardware model or offer
 * @param publicIps public IP addresses
 * @param notes free notes
 * @param createdAt creation time
 * @param updatedAt last change
 * @param archivedAt when archived, if it was
 */
public record Server(UUID id, UUID clientId, UUID contractId, String hostname, ServerRole role, String supplier,
        String supplierReference, String datacenter, String model, List<String> publicIps, String notes,
        Instant createdAt, Instant updatedAt, Instant archivedAt) {
}
