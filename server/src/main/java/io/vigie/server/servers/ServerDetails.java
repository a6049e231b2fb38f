package io.vigie.server.servers;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What an operator enters to create or change a server.
 *
 * @param clientId the client (cannot change after creation)
 * @param contractId the contract covering it, of the same client, or null
 * @param hostname a DNS host name
 * @param role production or development
 * @param supplier hardware supplier
 * @param supplierReference the supplier's reference
 * @param datacenter datacenter
 * @param model hardware model or offer
 * @param publicIps public IPv4/IPv6 addresses
 * @param notes free notes
 */
public record ServerDetails(
        @NotNull UUID clientId,
        UUID contractId,
        @NotBlank @Size(max = 253) @Pattern(regexp = "^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?$",
                message = "must be a valid host name") String hostname,
        @NotNull ServerRole role,
        @Size(max = 100) String supplier,
        @Size(max = 200) String supplierReference,
        @Size(max = 100) String datacenter,
        @Size(max = 200) String model,
        @Size(max = 64) List<@NotBlank @Size(max = 45) String> publicIps,
        @Size(max = 2000) String notes) {
}
