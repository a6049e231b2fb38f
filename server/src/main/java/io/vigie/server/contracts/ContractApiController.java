package io.vigie.server.contracts;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigie.server.users.CurrentUser;
import jakarta.validation.Valid;

/** REST API for contracts. */
@RestController
@RequestMapping("/api/v1/contracts")
@Tag(name = "Contracts")
class ContractApiController {

    private final ContractService contracts;

    ContractApiController(ContractService contracts) {
        this.contracts = contracts;
    }

    @GetMapping
    List<Contract> list(@RequestParam(required = false) UUID clientId,
            @RequestParam(defaultValue = "false") boolean archived) {
        return contracts.list(CurrentUser.require(), clientId, archived);
    }

    @GetMapping("/{contractId}")
    Contract get(@PathVariable UUID contractId) {
        return contracts.get(contractId, CurrentUser.require());
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    ResponseEntity<Contract> create(@Valid @RequestBody ContractDetails details) {
        Contract contract = contracts.create(details);
        return ResponseEntity.created(URI.create("/api/v1/contracts/" + contract.id())).body(contract);
    }

    @PutMapping("/{contractId}")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    Contract update(@PathVariable UUID contractId, @Valid @RequestBody ContractDetails details) {
        return contracts.update(contractId, details, CurrentUser.require());
    }

    @PostMapping("/{contractId}/archive")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    Contract archive(@PathVariable UUID contractId) {
        return contracts.archive(contractId, CurrentUser.require());
    }
}
