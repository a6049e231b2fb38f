package io.vigie.server.incidents;

import java.util.List;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vigie.server.clients.ClientFilter;
import io.vigie.server.clients.ClientService;
import io.vigie.server.notifications.NotificationService;
import io.vigie.server.servers.Server;
import io.vigie.server.servers.ServerService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.web.FormErrors;
import io.vigie.server.web.Page;

/**
 * The console's incident screens: the list (open ones first by default), and one incident with
 * its timeline, where staff acknowledge it, record the supplier's ticket and see whether each
 * notification was delivered. A client user sees their own client's incidents (the portal).
 */
@Controller
@RequestMapping("/incidents")
class IncidentPages {

    private static final String STAFF = "hasAnyRole('ADMIN','OPERATOR')";

    private final IncidentService incidents;
    private final ClientService clients;
    private final ServerService servers;
    private final NotificationService notifications;

    IncidentPages(IncidentService incidents, ClientService clients, ServerService servers,
            NotificationService notifications) {
        this.incidents = incidents;
        this.clients = clients;
        this.servers = servers;
        this.notifications = notifications;
    }

    @GetMapping
    String list(@RequestParam(required = false) UUID clientId, @RequestParam(defaultValue = "true") boolean open,
            Model model) {
        CurrentUser viewer = CurrentUser.require();
        model.addAttribute("incidents", incidents.list(viewer, clientId, open));
        ClientFilter.addTo(model, clients, viewer, clientId);
        model.addAttribute("open", open);
        return "incidents/list";
    }

    @GetMapping("/{incidentId}")
    String detail(@PathVariable UUID incidentId, @RequestParam(required = false) String ticket,
            @ModelAttribute("page") Page page, Model model) {
        return detail(model, incidentId, ticket == null ? "" : ticket, FormErrors.none(page));
    }

    @PostMapping("/{incidentId}/acknowledge")
    @PreAuthorize(STAFF)
    String acknowledge(@PathVariable UUID incidentId, RedirectAttributes redirect) {
        incidents.acknowledge(incidentId, CurrentUser.require());
        redirect.addFlashAttribute(Page.NOTICE, "incidents.notice.acknowledged");
        return "redirect:/incidents/" + incidentId;
    }

    @PostMapping("/{incidentId}/ticket")
    @PreAuthorize(STAFF)
    ModelAndView ticket(@PathVariable UUID incidentId, @RequestParam(defaultValue = "") String supplierTicket,
            @ModelAttribute("page") Page page, Model model,
            RedirectAttributes redirect) {
        return FormErrors.none(page).submit(() -> {
            incidents.setSupplierTicket(incidentId, supplierTicket, CurrentUser.require());
            return "/incidents/" + incidentId;
        }, "incidents.notice.ticket", redirect, errors -> detail(model, incidentId, supplierTicket, errors));
    }

    private String detail(Model model, UUID incidentId, String ticket, FormErrors errors) {
        CurrentUser viewer = CurrentUser.require();
        Incident incident = incidents.get(incidentId, viewer);
        Server server = incident.serverId() == null ? null : servers.find(incident.serverId()).orElse(null);
        model.addAttribute("incident", incident);
        model.addAttribute("timeline", incidents.timeline(incidentId));
        model.addAttribute("clientName", clients.get(incident.clientId(), viewer).name());
        model.addAttribute("server", server);
        model.addAttribute("deliveries", viewer.isStaff() ? notifications.deliveries(incidentId) : List.of());
        model.addAttribute("ticket", ticket.isEmpty() && incident.supplierTicket() != null ? incident.supplierTicket()
                : ticket);
        model.addAttribute("errors", errors);
        return "incidents/detail";
    }
}
