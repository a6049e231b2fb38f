package io.vigie.server.contracts;

import java.time.LocalDate;
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
import io.vigie.server.users.CurrentUser;
import io.vigie.server.web.FormErrors;
import io.vigie.server.web.Page;
import jakarta.validation.Valid;

/**
 * The console's contract screens, the HTML twin of {@link ContractApiController}: list (optionally
 * of one client), creation, detail with the servers covered, change, archiving. Staff change
 * contracts; a client user sees only their own.
 */
@Controller
@RequestMapping("/contracts")
class ContractPages {

    private static final String STAFF = "hasAnyRole('ADMIN','OPERATOR')";

    private final ContractService contracts;
    private final ClientService clients;
    private final ServerService servers;

    ContractPages(ContractService contracts, ClientService clients, ServerService servers) {
        this.contracts = contracts;
        this.clients = clients;
        this.servers = servers;
    }

    @GetMapping
    String list(@RequestParam(required = false) UUID clientId, @RequestParam(defaultValue = "false") boolean archived,
            Model model) {
        CurrentUser viewer = CurrentUser.require();
        model.addAttribute("contracts", contracts.list(viewer, clientId, archived));
        ClientFilter.addTo(model, clients, viewer, clientId);
        model.addAttribute("archived", archived);
        return "contracts/list";
    }

    @GetMapping("/new")
    @PreAuthorize(STAFF)
    String createForm(@RequestParam(required = false) UUID clientId, @ModelAttribute("page") Page page, Model model) {
        ContractDetails empty = new ContractDetails(clientId, "", LocalDate.now(Page.ZONE),
                ContractService.DEFAULT_TERM_MONTHS, ContractStatus.DRAFT, "");
        return form(model, null, empty, FormErrors.none(page));
    }

    @PostMapping
    @PreAuthorize(STAFF)
    ModelAndView create(@Valid @ModelAttribute("form") ContractDetails form, BindingResult binding,
            @ModelAttribute("page") Page page, Model model, RedirectAttributes redirect) {
        return FormErrors.of(page, binding).submit(() -> "/contracts/" + contracts.create(form).id(),
                "contracts.notice.created", redirect, errors -> form(model, null, form, errors));
    }

    @GetMapping("/{contractId}")
    String detail(@PathVariable UUID contractId, Model model) {
        CurrentUser viewer = CurrentUser.require();
        Contract contract = contracts.get(contractId, viewer);
        model.addAttribute("contract", contract);
        model.addAttribute("client", clients.get(contract.clientId(), viewer));
        model.addAttribute("servers", servers.list(viewer, contract.clientId(), contractId, false));
        return "contracts/detail";
    }

    @GetMapping("/{contractId}/edit")
    @PreAuthorize(STAFF)
    String editForm(@PathVariable UUID contractId, @ModelAttribute("page") Page page, Model model) {
        Contract c = contracts.get(contractId, CurrentUser.require());
        ContractDetails form = new ContractDetails(c.clientId(), c.reference(), c.startDate(), c.termMonths(),
                c.status(), c.notes());
        return form(model, contractId, form, FormErrors.none(page));
    }

    @PostMapping("/{contractId}")
    @PreAuthorize(STAFF)
    ModelAndView update(@PathVariable UUID contractId, @Valid @ModelAttribute("form") ContractDetails form,
            BindingResult binding, @ModelAttribute("page") Page page, Model model, RedirectAttributes redirect) {
        return FormErrors.of(page, binding).submit(() -> {
            contracts.update(contractId, form, CurrentUser.require());
            return "/contracts/" + contractId;
        }, "contracts.notice.updated", redirect, errors -> {
            contracts.get(contractId, CurrentUser.require());
            return form(model, contractId, form, errors);
        });
    }

    @PostMapping("/{contractId}/archive")
    @PreAuthorize(STAFF)
    String archive(@PathVariable UUID contractId, RedirectAttributes redirect) {
        contracts.archive(contractId, CurrentUser.require());
        redirect.addFlashAttribute(Page.NOTICE, "contracts.notice.archived");
        return "redirect:/contracts/" + contractId;
    }

    private String form(Model model, UUID contractId, ContractDetails form, FormErrors errors) {
        model.addAttribute("contractId", contractId);
        model.addAttribute("form", form);
        CurrentUser viewer = CurrentUser.require();
        ClientFilter.addFormChoices(model, clients, viewer, form.clientId());
        model.addAttribute("statuses", ContractStatus.values());
        model.addAttribute("errors", errors);
        return "contracts/form";
    }
}
