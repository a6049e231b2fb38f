package io.vigie.server.servers;

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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vigie.server.agents.AgentStatusService;
import io.vigie.server.agents.EnrollmentGrant;
import io.vigie.server.agents.EnrollmentService;
import io.vigie.server.clients.ClientFilter;
import io.vigie.server.clients.ClientService;
import io.vigie.server.contracts.Contract;
import io.vigie.server.contracts.ContractService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.web.FormErrors;
import io.vigie.server.web.Page;
import jakarta.validation.Valid;

/**
 * The console's server screens, the HTML twin of {@link ServerApiController}: list with each
 * agent's state, creation, detail with the agent's state and host facts (refreshed by htmx
 * polling), enrollment token, change, archiving. Staff change servers and issue tokens; a client
 * user sees only their own servers.
 */
@Controller
@RequestMapping("/servers")
class ServerPages {

    private static final String STAFF = "hasAnyRole('ADMIN','OPERATOR')";

    private final ServerService servers;
    private final ClientService clients;
    private final ContractService contracts;
    private final AgentStatusService agents;
    private final EnrollmentService enrollment;

    ServerPages(ServerService servers, ClientService clients, ContractService contracts, AgentStatusService agents,
            EnrollmentService enrollment) {
        this.servers = servers;
        this.clients = clients;
        this.contracts = contracts;
        this.agents = agents;
        this.enrollment = enrollment;
    }

    @GetMapping
    String list(@RequestParam(required = false) UUID clientId, @RequestParam(required = false) UUID contractId,
            @RequestParam(defaultValue = "false") boolean archived, Model model) {
        CurrentUser viewer = CurrentUser.require();
        List<Server> shown = servers.list(viewer, clientId, contractId, archived);
        model.addAttribute("servers", shown);
        model.addAttribute("agents", agents.statuses(shown.stream().map(Server::id).toList()));
        ClientFilter.addTo(model, clients, viewer, clientId);
        model.addAttribute("contractId", contractId);
        model.addAttribute("archived", archived);
        return "servers/list";
    }

    @GetMapping("/new")
    @PreAuthorize(STAFF)
    String createForm(@RequestParam(required = false) UUID clientId, @RequestParam(required = false) UUID contractId,
            @ModelAttribute("page") Page page, Model model) {
        ServerDetails empty = new ServerDetails(clientId, contractId, "", ServerRole.PRODUCTION, "", "", "", "",
                List.of(), "");
        return form(model, null, empty, FormErrors.none(page));
    }

    /** The contract options of the creation form for the client just chosen (htmx). */
    @GetMapping("/new/contracts")
    @PreAuthorize(STAFF)
    String contractOptions(@RequestParam(required = false) UUID clientId, Model model) {
        model.addAttribute("contracts", contractsOf(clientId));
        model.addAttribute("selected", null);
        return "servers/contractOptions";
    }

    @PostMapping
    @PreAuthorize(STAFF)
    ModelAndView create(@Valid @ModelAttribute("form") ServerDetails form, BindingResult binding,
            @ModelAttribute("page") Page page, Model model, RedirectAttributes redirect) {
        return FormErrors.of(page, binding).submit(() -> "/servers/" + servers.create(form).id(),
                "servers.notice.created", redirect, errors -> form(model, null, form, errors));
    }

    @GetMapping("/{serverId}")
    String detail(@PathVariable UUID serverId, Model model) {
        return detail(model, serverId, null);
    }

    /** The agent's state and the host's facts, polled by the detail page. */
    @GetMapping("/{serverId}/agent")
    String agent(@PathVariable UUID serverId, Model model) {
        Server server = servers.get(serverId, CurrentUser.require());
        model.addAttribute("server", server);
        model.addAttribute("agent", agents.status(serverId));
        return "servers/agent";
    }

    /**
     * Issues an enrollment token. From htmx, answers the fragment that shows the command once;
     * without JavaScript, the whole server page with the command.
     */
    @PostMapping("/{serverId}/enrollment-tokens")
    @PreAuthorize(STAFF)
    String issueEnrollmentToken(@PathVariable UUID serverId,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        EnrollmentGrant grant = enrollment.issue(serverId, CurrentUser.require());
        if (htmx == null) {
            return detail(model, serverId, grant);
        }
        model.addAttribute("server", servers.get(serverId, CurrentUser.require()));
        model.addAttribute("grant", grant);
        return "servers/enrollment";
    }

    @GetMapping("/{serverId}/edit")
    @PreAuthorize(STAFF)
    String editForm(@PathVariable UUID serverId, @ModelAttribute("page") Page page, Model model) {
        Server s = servers.get(serverId, CurrentUser.require());
        ServerDetails form = new ServerDetails(s.clientId(), s.contractId(), s.hostname(), s.role(), s.supplier(),
                s.supplierReference(), s.datacenter(), s.model(), s.publicIps(), s.notes());
        return form(model, serverId, form, FormErrors.none(page));
    }

    @PostMapping("/{serverId}")
    @PreAuthorize(STAFF)
    ModelAndView update(@PathVariable UUID serverId, @Valid @ModelAttribute("form") ServerDetails form,
            BindingResult binding, @ModelAttribute("page") Page page, Model model, RedirectAttributes redirect) {
        return FormErrors.of(page, binding).submit(() -> {
            servers.update(serverId, form, CurrentUser.require());
            return "/servers/" + serverId;
        }, "servers.notice.updated", redirect, errors -> {
            servers.get(serverId, CurrentUser.require());
            return form(model, serverId, form, errors);
        });
    }

    @PostMapping("/{serverId}/archive")
    @PreAuthorize(STAFF)
    String archive(@PathVariable UUID serverId, RedirectAttributes redirect) {
        servers.archive(serverId, CurrentUser.require());
        redirect.addFlashAttribute(Page.NOTICE, "servers.notice.archived");
        return "redirect:/servers/" + serverId;
    }

    private String detail(Model model, UUID serverId, EnrollmentGrant grant) {
        CurrentUser viewer = CurrentUser.require();
        Server server = servers.get(serverId, viewer);
        model.addAttribute("server", server);
        model.addAttribute("client", clients.get(server.clientId(), viewer));
        model.addAttribute("contract", server.contractId() == null ? null : contracts.get(server.contractId(), viewer));
        model.addAttribute("agent", agents.status(serverId));
        model.addAttribute("grant", grant);
        return "servers/detail";
    }

    private String form(Model model, UUID serverId, ServerDetails form, FormErrors errors) {
        CurrentUser viewer = CurrentUser.require();
        model.addAttribute("serverId", serverId);
        model.addAttribute("form", form);
        ClientFilter.addFormChoices(model, clients, viewer, form.clientId());
        model.addAttribute("contracts", contractsOf(form.clientId()));
        model.addAttribute("roles", ServerRole.values());
        model.addAttribute("errors", errors);
        return "servers/form";
    }

    /** The contracts a server of this client may name: the client's contracts not archived. */
    private List<Contract> contractsOf(UUID clientId) {
        return clientId == null ? List.of() : contracts.list(CurrentUser.require(), clientId, false);
    }
}
