package io.vigie.server.uptime;

import java.time.Clock;
import java.time.YearMonth;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigie.server.users.CurrentUser;

/** REST API of the monthly availability report (docs/uptime.md), as JSON or CSV. */
@RestController
@Tag(name = "Uptime")
class AvailabilityApiController {

    private final AvailabilityReport reports;
    private final Clock clock;

    AvailabilityApiController(AvailabilityReport reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    @GetMapping("/api/v1/clients/{clientId}/availability")
    AvailabilityReport.Report report(@PathVariable UUID clientId, @RequestParam(required = false) YearMonth month) {
        return reports.report(clientId, AvailabilityReport.monthOrCurrent(month, clock), CurrentUser.require());
    }

    @GetMapping("/api/v1/clients/{clientId}/availability.csv")
    ResponseEntity<byte[]> csv(@PathVariable UUID clientId, @RequestParam(required = false) YearMonth month) {
        return AvailabilityController.csv(reports.report(clientId, AvailabilityReport.monthOrCurrent(month, clock),
                CurrentUser.require()));
    }
}
