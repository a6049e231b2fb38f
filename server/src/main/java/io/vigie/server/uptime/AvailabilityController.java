package io.vigie.server.uptime;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.util.UUID;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.vigie.server.clients.ClientService;
import io.vigie.server.users.CurrentUser;

/**
 * The monthly availability report of a client in the console (docs/uptime.md): the page and its
 * CSV. The month defaults to the current one. The API twin is {@link AvailabilityApiController}.
 */
@Controller
class AvailabilityController {

    private final AvailabilityReport reports;
    private final ClientService clients;
    private final Clock clock;

    AvailabilityController(AvailabilityReport reports, ClientService clients, Clock clock) {
        this.reports = reports;
        this.clients = clients;
        this.clock = clock;
    }

    @GetMapping("/clients/{clientId}/availability")
    String page(@PathVariable UUID clientId, @RequestParam(required = false) YearMonth month, Model model) {
        CurrentUser viewer = CurrentUser.require();
        YearMonth shown = month(month);
        model.addAttribute("client", clients.get(clientId, viewer));
        model.addAttribute("report", reports.report(clientId, shown, viewer));
        model.addAttribute("previous", shown.minusMonths(1).toString());
        model.addAttribute("next", shown.equals(month(null)) ? null : shown.plusMonths(1).toString());
        return "monitors/availability";
    }

    @GetMapping("/clients/{clientId}/availability.csv")
    ResponseEntity<byte[]> csv(@PathVariable UUID clientId, @RequestParam(required = false) YearMonth month) {
        return csv(reports.report(clientId, month(month), CurrentUser.require()));
    }

    /** The report as a CSV download, for the console and the API. */
    static ResponseEntity<byte[]> csv(AvailabilityReport.Report report) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("disponibilite-" + report.month() + ".csv").build().toString())
                .body(AvailabilityReport.csv(report).getBytes(StandardCharsets.UTF_8));
    }

    private YearMonth month(YearMonth month) {
        return AvailabilityReport.monthOrCurrent(month, clock);
    }
}
