package io.vigie.server.uptime;

import java.util.List;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
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
import io.vigie.server.incidents.IncidentService;
import io.vigie.server.servers.Server;
import io.vigie.server.servers.ServerService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.web.FormErrors;
import io.vigie.server.web.Page;
import jakarta.validation.Valid;

/**
 * The console's uptime screens, the HTML twin of {@link UptimeApiController}: the paginated list
 * with each monitor's state, creation, detail with recent results and incidents, change,
 * archiving. Staff change monitors; a client user sees only their own client's.
 */
@Controller
@RequestMapping("/monitors")
class UptimePages {

    private static final String STAFF = "hasAnyRole('ADMIN','OPERATOR')";
    private static final int RECENT_RESULTS = 50;
    private static final int RECENT_INCIDENTS = 20;

    private final UptimeService monitors;
    private final ClientService clients;
    private final ServerService servers;
    private final IncidentService incidents;

    UptimePages(UptimeService monitors, ClientService clients, ServerService servers, IncidentService incidents) {
        this.monitors = monitors;
        this.clients = clients;
        this.servers = servers;
        this.incidents = incidents;
    }

    @GetMapping
    String list(@RequestParam(required = false) UUID clientId, @RequestParam(defaultValue = "false") boolean archived,
            @RequestParam(defaultValue = "0") int page, Model model) {
        CurrentUser viewer = CurrentUser.require();
        model.addAttribute("monitors", monitors.page(viewer, clientId, archived, page));
        ClientFilter.addTo(model, clients, viewer, clientId);
        model.addAttribute("archived", archived);
        return "monitors/list";
    }

    @GetMapping("/new")
    @PreAuthorize(STAFF)
    String createForm(@RequestParam(required = false) UUID clientId, @ModelAttribute("page") Page page, Model model) {
        return form(model, null, MonitorDetails.empty(clientId), FormErrors.none(page));
    }

    /** The server options of the creation form for the client just chosen (htmx). */
    @GetMapping("/new/servers")
    @PreAuthorize(STAFF)
    String serverOptions(@RequestParam(required = false) UUID clientId, Model model) {
        model.addAttribute("servers", serversOf(clientId));
        model.addAttribute("selected", null);
        return "monitors/serverOptions";
    }

    @PostMapping
    @PreAuthorize(STAFF)
    ModelAndView create(@Valid @ModelAttribute("form") MonitorDetails form, BindingResult binding,
            @ModelAttribute("page") Page page, Model model, RedirectAttributes redirect) {
        return FormErrors.of(page, binding).submit(() -> "/monitors/" + monitors.create(form).id(),
                "monitors.notice.created", redirect, errors -> form(model, null, form, errors));
    }

    @GetMapping("/{monitorId}")
    String detail(@PathVariable UUID monitorId, Model model) {
        CurrentUser viewer = CurrentUser.require();
        Monitor monitor = monitors.get(monitorId, viewer);
        model.addAttribute("monitor", monitor);
        model.addAttribute("client", clients.get(monitor.clientId(), viewer));
        model.addAttribute("server", monitor.serverId() == null ? null : servers.get(monitor.serverId(), viewer));
        model.addAttribute("results", monitors.recentResults(monitorId, RECENT_RESULTS));
        model.addAttribute("incidents", incidents.ofMonitor(monitorId, RECENT_INCIDENTS));
        return "monitors/detail";
    }

    @GetMapping("/{monitorId}/edit")
    @PreAuthorize(STAFF)
    String editForm(@PathVariable UUID monitorId, @ModelAttribute("page") Page page, Model model) {
        Monitor monitor = monitors.get(monitorId, CurrentUser.require());
        return form(model, monitorId, MonitorDetails.of(monitor), FormErrors.none(page));
    }

    @PostMapping("/{monitorId}")
    @PreAuthorize(STAFF)
    ModelAndView update(@PathVariable UUID monitorId, @Valid @ModelAttribute("form") MonitorDetails form,
            BindingResult binding, @ModelAttribute("page") Page page, Model model, RedirectAttributes redirect) {
        return FormErrors.of(page, binding).submit(() -> {
            monitors.update(monitorId, form, CurrentUser.require());
            return "/monitors/" + monitorId;
        }, "monitors.notice.updated", redirect, errors -> {
            monitors.get(monitorId, CurrentUser.require());
            return form(model, monitorId, form, errors);
        });
    }

    @PostMapping("/{monitorId}/archive")
    @PreAuthorize(STAFF)
    String archive(@PathVariable UUID monitorId, RedirectAttributes redirect) {
        monitors.archive(monitorId, CurrentUser.require());
        redirect.addFlashAttribute(Page.NOTICE, "monitors.notice.archived");
        return "redirect:/monitors/" + monitorId;
    }

    private String form(Model model, UUID monitorId, MonitorDetails form, FormErrors errors) {
        CurrentUser viewer = CurrentUser.require();
        model.addAttribute("monitorId", monitorId);
        model.addAttribute("form", form);
        ClientFilter.addFormChoices(model, clients, viewer, form.clientId());
        model.addAttribute("servers", serversOf(form.clientId()));
        model.addAttribute("types", MonitorType.values());
        model.addAttribute("errors", errors);
        return "monitors/form";
    }

    /** The servers a monitor of this client may watch: the client's servers not archived. */
    private List<Server> serversOf(UUID clientId) {
        return clientId == null ? List.of() : servers.list(CurrentUser.require(), clientId, null, false);
    }
}
