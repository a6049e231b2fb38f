package io.vigie.server.contracts;

import java.time.LocalDate;
import java.util.UUID;

import org.springframework.format.annotation.DateTimeFormat;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What an operator enters to create or change a contract.
 *
 * @param clientId the client (cannot change after creation)
 * @param reference unique reference: letters, digits, dash, underscore, slash, dot
 * @param startDate first day of service
 * @param termMonths term in months; null means 12; at least 12 (CON-1)
 * @param status status; null means DRAFT
 * @param notes free notes
 */
public record ContractDetails(
        @NotNull UUID clientId,
        @NotBlank @Size(max = 50) @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9_./-]*$",
                message = "letters, digits, '-', '_', '.', '/' only") String reference,
        @NotNull @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate startDate,
        @Min(value = 12, message = "the initial term is at least 12 months") @Max(120) Integer termMonths,
        ContractStatus status,
        @Size(max = 2000) String notes) {
}
