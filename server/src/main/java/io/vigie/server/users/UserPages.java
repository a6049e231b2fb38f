package io.vigie.server.users;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

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

import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientService;
import io.vigie.server.web.FormErrors;
import io.vigie.server.web.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The console's account screens for staff, the HTML twin of {@link UserApiController}: list,
 * creation, change, disabling. An operator manages client users only; an administrator manages
 * every account ({@link UserService} enforces it, the pages hide what the viewer may not do).
 * A password typed into a form is never shown again.
 */
@Controller
@RequestMapping("/users")
@PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
class UserPages {

    private final UserService users;
    private final ClientService clients;
    private final Clock clock;

    UserPages(UserService users, ClientService clients, Clock clock) {
        this.users = users;
        this.clients = clients;
        this.clock = clock;
    }

    /**
     * The creation form as submitted.
     *
     * @param email login
     * @param displayName name shown
     * @param role role
     * @param clientId client of a CLIENT user; ignored for staff
     * @param password initial password
     */
    record UserForm(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 200) String displayName,
            @NotNull Role role, UUID clientId, @NotBlank @Size(max = 200) String password) {
    }

    /**
     * The change form as submitted.
     *
     * @param email login
     * @param displayName name shown
     */
    record UserChange(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 200) String displayName) {
    }

    @GetMapping
    String list(@RequestParam(required = false) UUID clientId, Model model) {
        CurrentUser viewer = CurrentUser.require();
        model.addAttribute("users", users.list(viewer, clientId));
        model.addAttribute("clientNames", clientNames(viewer));
        model.addAttribute("now", clock.instant());
        return "users/list";
    }

    @GetMapping("/new")
    String createForm(@RequestParam(required = false) UUID clientId, @ModelAttribute("page") Page page,
            Model model) {
        return form(model, new UserService.NewUser("", "", Role.CLIENT, clientId, null), FormErrors.none(page));
    }

    @PostMapping
    ModelAndView create(@Valid @ModelAttribute("userForm") UserForm form, BindingResult binding,
            @ModelAttribute("page") Page page, Model model, RedirectAttributes redirect) {
        FormErrors errors = FormErrors.of(page, binding);
        UserService.NewUser request = form == null ? new UserService.NewUser("", "", Role.CLIENT, null, null)
                : new UserService.NewUser(form.email(), form.displayName(), form.role(),
                        form.role() == Role.CLIENT ? form.clientId() : null, form.password());
        if (errors.isEmpty() && request.role() == Role.CLIENT && request.clientId() == null) {
            errors.field("clientId", page.t("validation.invalid.clientId"));
        }
        UserService.NewUser shown = new UserService.NewUser(request.email(), request.displayName(), request.role(),
                request.clientId(), null);
        return errors.submit(() -> "/users/" + users.create(request, CurrentUser.require()).id(),
                "users.notice.created", redirect, refused -> form(model, shown, refused));
    }

    @GetMapping("/{userId}")
    String detail(@PathVariable UUID userId, @ModelAttribute("page") Page page, Model model) {
        User user = users.get(userId, CurrentUser.require());
        return detail(model, user, new UserChange(user.email(), user.displayName()), FormErrors.none(page));
    }

    @PostMapping("/{userId}")
    ModelAndView update(@PathVariable UUID userId, @Valid @ModelAttribute("change") UserChange change,
            BindingResult binding, @ModelAttribute("page") Page page, Model model, RedirectAttributes redirect) {
        return FormErrors.of(page, binding).submit(() -> {
            users.update(userId, change.email(), change.displayName(), CurrentUser.require());
            return "/users/" + userId;
        }, "users.notice.updated", redirect, errors -> {
            User user = users.get(userId, CurrentUser.require());
            UserChange shown = change == null ? new UserChange(user.email(), user.displayName()) : change;
            return detail(model, user, shown, errors);
        });
    }

    @PostMapping("/{userId}/archive")
    String archive(@PathVariable UUID userId, RedirectAttributes redirect) {
        users.archive(userId, CurrentUser.require());
        redirect.addFlashAttribute(Page.NOTICE, "users.notice.archived");
        return "redirect:/users/" + userId;
    }

    private String form(Model model, UserService.NewUser form, FormErrors errors) {
        CurrentUser viewer = CurrentUser.require();
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("roles", viewer.role() == Role.ADMIN ? List.of(Role.values()) : List.of(Role.CLIENT));
        model.addAttribute("clients", clients.list(viewer, false, null));
        return "users/form";
    }

    private String detail(Model model, User user, UserChange change, FormErrors errors) {
        CurrentUser viewer = CurrentUser.require();
        boolean manageable = viewer.role() == Role.ADMIN || user.role() == Role.CLIENT;
        model.addAttribute("user", user);
        model.addAttribute("clientName", user.clientId() == null ? null : clientNames(viewer).get(user.clientId()));
        model.addAttribute("email", change.email());
        model.addAttribute("displayName", change.displayName());
        model.addAttribute("manageable", manageable);
        model.addAttribute("self", user.id().equals(viewer.id()));
        model.addAttribute("errors", errors);
        model.addAttribute("now", clock.instant());
        return "users/detail";
    }

    private Map<UUID, String> clientNames(CurrentUser viewer) {
        return clients.list(viewer, true, null).stream().collect(Collectors.toMap(Client::id, Client::name));
    }
}
