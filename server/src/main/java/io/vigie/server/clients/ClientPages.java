package io.vigie.server.clients;

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

import io.vigie.server.platform.NotFoundException;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.web.FormErrors;
import io.vigie.server.web.Page;
import jakarta.validation.Valid;

/**
 * The console's client screens, the HTML twin of {@link ClientApiController}: list, creation,
 * detail with contacts, change, archiving. Staff change clients; a client user sees only their own
 * (the service filters, and the tenant interceptor answers 404 for another client's ids). A form
 * with errors is shown again with the values entered and nothing written.
 */
@Controller
@RequestMapping("/clients")
class ClientPages {

    private static final String STAFF = "hasAnyRole('ADMIN','OPERATOR')";
    private static final ClientDetails EMPTY = new ClientDetails("", "", "", "", "", "", "", "FR");
    private static final ContactDetails NO_CONTACT = new ContactDetails("", "", "", false, false, false);

    private final ClientService clients;

    ClientPages(ClientService clients) {
        this.clients = clients;
    }

    @GetMapping
    String list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "false") boolean archived,
            Model model) {
        model.addAttribute("clients", clients.list(CurrentUser.require(), archived, q));
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("archived", archived);
        return "clients/list";
    }

    @GetMapping("/new")
    @PreAuthorize(STAFF)
    String createForm(@ModelAttribute("page") Page page, Model model) {
        return form(model, null, EMPTY, FormErrors.none(page));
    }

    @PostMapping
    @PreAuthorize(STAFF)
    ModelAndView create(@Valid @ModelAttribute("form") ClientDetails form, BindingResult binding,
            @ModelAttribute("page") Page page, Model model, RedirectAttributes redirect) {
        return FormErrors.of(page, binding).submit(() -> "/clients/" + clients.create(form).id(),
                "clients.notice.created", redirect, errors -> form(model, null, form == null ? EMPTY : form, errors));
    }

    @GetMapping("/{clientId}")
    String detail(@PathVariable UUID clientId, @ModelAttribute("page") Page page, Model model) {
        return detail(model, clientId, NO_CONTACT, FormErrors.none(page));
    }

    @GetMapping("/{clientId}/edit")
    @PreAuthorize(STAFF)
    String editForm(@PathVariable UUID clientId, @ModelAttribute("page") Page page, Model model) {
        Client c = clients.get(clientId, CurrentUser.require());
        ClientDetails form = new ClientDetails(c.name(), c.siren(), c.vatNumber(), c.addressLine1(), c.addressLine2(),
                c.postalCode(), c.city(), c.country());
        return form(model, clientId, form, FormErrors.none(page));
    }

    @PostMapping("/{clientId}")
    @PreAuthorize(STAFF)
    ModelAndView update(@PathVariable UUID clientId, @Valid @ModelAttribute("form") ClientDetails form,
            BindingResult binding, @ModelAttribute("page") Page page, Model model, RedirectAttributes redirect) {
        return FormErrors.of(page, binding).submit(() -> {
            clients.update(clientId, form, CurrentUser.require());
            return "/clients/" + clientId;
        }, "clients.notice.updated", redirect, errors -> {
            clients.get(clientId, CurrentUser.require());
            return form(model, clientId, form == null ? EMPTY : form, errors);
        });
    }

    @PostMapping("/{clientId}/archive")
    @PreAuthorize(STAFF)
    String archive(@PathVariable UUID clientId, RedirectAttributes redirect) {
        clients.archive(clientId, CurrentUser.require());
        redirect.addFlashAttribute(Page.NOTICE, "clients.notice.archived");
        return "redirect:/clients/" + clientId;
    }

    @PostMapping("/{clientId}/contacts")
    @PreAuthorize(STAFF)
    ModelAndView addContact(@PathVariable UUID clientId, @Valid @ModelAttribute("contact") ContactDetails contact,
            BindingResult binding, @ModelAttribute("page") Page page, Model model, RedirectAttributes redirect) {
        return FormErrors.of(page, binding).submit(() -> {
            clients.addContact(clientId, contact, CurrentUser.require());
            return "/clients/" + clientId + "#contacts";
        }, "clients.notice.contactAdded", redirect,
                errors -> detail(model, clientId, contact == null ? NO_CONTACT : contact, errors));
    }

    @PostMapping("/{clientId}/contacts/{contactId}/delete")
    @PreAuthorize(STAFF)
    String removeContact(@PathVariable UUID clientId, @PathVariable UUID contactId, RedirectAttributes redirect) {
        if (!clients.clientOfContact(contactId).map(clientId::equals).orElse(false)) {
            throw new NotFoundException("contact", contactId);
        }
        clients.removeContact(contactId, CurrentUser.require());
        redirect.addFlashAttribute(Page.NOTICE, "clients.notice.contactRemoved");
        return "redirect:/clients/" + clientId + "#contacts";
    }

    private String detail(Model model, UUID clientId, ContactDetails contact, FormErrors errors) {
        CurrentUser viewer = CurrentUser.require();
        model.addAttribute("client", clients.get(clientId, viewer));
        model.addAttribute("contacts", clients.contacts(clientId, viewer));
        model.addAttribute("contact", contact);
        model.addAttribute("errors", errors);
        return "clients/detail";
    }

    private static String form(Model model, UUID clientId, ClientDetails form, FormErrors errors) {
        model.addAttribute("clientId", clientId);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "clients/form";
    }
}
