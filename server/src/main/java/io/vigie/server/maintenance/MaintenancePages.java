package io.vigie.server.maintenance;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import io.vigie.server.servers.ServerService;
import io.vigie.server.uptime.UptimeService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.web.FormErrors;
import io.vigie.server.web.Page;
import jakarta.validation.Valid;

/**
 * The console's maintenance windows, the HTML twin of {@link MaintenanceApiController}: the list
 * (in progress, planned, past), declaring a window, its page with its next occurrences, its change
 * before it starts and its end. Staff change windows; a client user sees their own client's.
 */
@Controller
@RequestMapping("/maintenance")
class MaintenancePages {

    private static final String STAFF = "hasAnyRole('ADMIN','OPERATOR')";
    private static final int NEXT_OCCURRENCES = 10;

    private final MaintenanceService windows;
    private final ClientService clients;
    private final ServerService servers;
    private final UptimeService monitors;
    private final Clock clock;

    MaintenancePages(MaintenanceService windows, ClientService clients, ServerService servers, UptimeService monitors,
            Clock clock) {
        this.windows = windows;
        this.clients = clients;
        this.servers = servers;
        this.monitors = monitors;
        this.clock = clock;
    }

    @GetMapping
    String list(@RequestParam(required = false) UUID clientId,
            @RequestParam(required = false) MaintenanceWindow.State state, Model model) {
        CurrentUser viewer = CurrentUser.require();
        model.addAttribute("windows", windows.list(viewer, clientId, state));
        model.addAttribute("scopeNames", scopeNames(viewer, clientId));
        model.addAttribute("state", state);
        model.addAttribute("states", MaintenanceWindow.State.values());
        model.addAttribute("now", clock.instant());
        ClientFilter.addTo(model, clients, viewer, clientId);
        return "maintenance/list";
    }

    @GetMapping("/new")
    @PreAuthorize(STAFF)
    String createForm(@RequestParam(required = false) UUID clientId, @ModelAttribute("page") Page page, Model model) {
        LocalDateTime nextHour = LocalDateTime.now(clock.withZone(Page.ZONE)).truncatedTo(ChronoUnit.HOURS).plusHours(1);
        return form(model, null, MaintenanceDetails.empty(clientId, nextHour), FormErrors.none(page));
    }

    /** The server and monitor choices of the creation form for the client just chosen (htmx). */
    @GetMapping("/new/scope")
    @PreAuthorize(STAFF)
    String scope(@RequestParam(required = false) UUID clientId, @ModelAttribute("page") Page page, Model model) {
        addScopeChoices(model, clientId);
        model.addAttribute("form", MaintenanceDetails.empty(clientId, null));
        model.addAttribute("errors", FormErrors.none(page));
        return "maintenance/scope";
    }

    @PostMapping
    @PreAuthorize(STAFF)
    ModelAndView create(@Valid @ModelAttribute("form") MaintenanceDetails form, BindingResult binding,
            @ModelAttribute("page") Page page, Model model, RedirectAttributes redirect) {
        return FormErrors.of(page, binding).submit(
                () -> "/maintenance/" + windows.create(form, CurrentUser.require()).id(),
                "maintenance.notice.created", redirect, errors -> form(model, null, form, errors));
    }

    @GetMapping("/{windowId}")
    String detail(@PathVariable UUID windowId, Model model) {
        CurrentUser viewer = CurrentUser.require();
        MaintenanceWindow window = windows.get(windowId, viewer);
        model.addAttribute("window", window);
        model.addAttribute("client", clients.get(window.clientId(), viewer));
        model.addAttribute("scopeNames", scopeNames(viewer, window.clientId()));
        model.addAttribute("next", window.upcoming(clock.instant(), NEXT_OCCURRENCES));
        model.addAttribute("now", clock.instant());
        return "maintenance/detail";
    }

    @GetMapping("/{windowId}/edit")
    @PreAuthorize(STAFF)
    String editForm(@PathVariable UUID windowId, @ModelAttribute("page") Page page, Model model) {
        MaintenanceWindow window = windows.get(windowId, CurrentUser.require());
        return form(model, windowId, MaintenanceDetails.of(window), FormErrors.none(page));
    }

    @PostMapping("/{windowId}")
    @PreAuthorize(STAFF)
    ModelAndView update(@PathVariable UUID windowId, @Valid @ModelAttribute("form") MaintenanceDetails form,
            BindingResult binding, @ModelAttribute("page") Page page, Model model, RedirectAttributes redirect) {
        return FormErrors.of(page, binding).submit(() -> {
            windows.update(windowId, form, CurrentUser.require());
            return "/maintenance/" + windowId;
        }, "maintenance.notice.updated", redirect, errors -> {
            windows.get(windowId, CurrentUser.require());
            return form(model, windowId, form, errors);
        });
    }

    @PostMapping("/{windowId}/end")
    @PreAuthorize(STAFF)
    String end(@PathVariable UUID windowId, RedirectAttributes redirect) {
        windows.end(windowId, CurrentUser.require());
        redirect.addFlashAttribute(Page.NOTICE, "maintenance.notice.ended");
        return "redirect:/maintenance/" + windowId;
    }

    private String form(Model model, UUID windowId, MaintenanceDetails form, FormErrors errors) {
        model.addAttribute("windowId", windowId);
        model.addAttribute("form", form);
        ClientFilter.addFormChoices(model, clients, CurrentUser.require(), form.clientId());
        addScopeChoices(model, form.clientId());
        model.addAttribute("recurrences", MaintenanceWindow.Recurrence.values());
        model.addAttribute("days", DayOfWeek.values());
        model.addAttribute("errors", errors);
        return "maintenance/form";
    }

    /** The servers and monitors a window of this client may cover: its own, not archived. */
    private void addScopeChoices(Model model, UUID clientId) {
        CurrentUser viewer = CurrentUser.require();
        model.addAttribute("servers", clientId == null ? List.of() : servers.list(viewer, clientId, null, false));
        model.addAttribute("monitors", clientId == null ? List.of() : monitors.list(viewer, clientId, false));
    }

    /** The names of the servers and monitors windows may name, archived ones included. */
    private Map<UUID, String> scopeNames(CurrentUser viewer, UUID clientId) {
        Map<UUID, String> names = new HashMap<>();
        servers.list(viewer, clientId, null, true).forEach(s -> names.put(s.id(), s.hostname()));
        monitors.list(viewer, clientId, true).forEach(m -> names.put(m.id(), m.name()));
        return names;
    }
}
