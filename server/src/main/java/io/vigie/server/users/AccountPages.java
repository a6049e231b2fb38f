package io.vigie.server.users;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientService;
import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.web.FormErrors;
import io.vigie.server.web.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The signed-in user's own account, the HTML twin of {@link MeApiController}: profile, password
 * change, personal API tokens. A new token is shown once, in the answer to its creation (not
 * through a redirect, so that it never sits in the session); afterwards only its prefix is listed.
 */
@Controller
@RequestMapping("/account")
class AccountPages {

    private final UserService users;
    private final ApiTokenService tokens;
    private final ClientService clients;
    private final Clock clock;

    AccountPages(UserService users, ApiTokenService tokens, ClientService clients, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.clients = clients;
        this.clock = clock;
    }

    /**
     * The password change form as submitted.
     *
     * @param currentPassword the current password, checked by the service
     * @param newPassword the new password
     * @param confirmation the new password again
     */
    record PasswordChange(@NotBlank String currentPassword, @NotBlank @Size(max = 200) String newPassword,
            String confirmation) {
    }

    /**
     * The token creation form as submitted.
     *
     * @param name a label
     * @param expiresAt last day of validity, optional
     */
    record TokenForm(@NotBlank @Size(max = 100) String name,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate expiresAt) {
    }

    @GetMapping
    String account(@ModelAttribute("page") Page page, Model model) {
        return account(model, FormErrors.none(page), FormErrors.none(page), "", null, null);
    }

    @PostMapping("/password")
    ModelAndView changePassword(@Valid @ModelAttribute("passwordChange") PasswordChange change,
            BindingResult binding, @ModelAttribute("page") Page page, Model model, RedirectAttributes redirect) {
        FormErrors errors = FormErrors.of(page, binding);
        if (errors.isEmpty() && !change.newPassword().equals(change.confirmation())) {
            errors.field("confirmation", page.t("account.password.mismatch"));
        }
        return errors.submit(() -> {
            users.changeOwnPassword(CurrentUser.require(), change.currentPassword(), change.newPassword());
            return "/account";
        }, "account.notice.passwordChanged", redirect,
                refused -> account(model, refused, FormErrors.none(page), "", null, null));
    }

    @GetMapping("/tokens")
    String tokens() {
        return "redirect:/account#tokens";
    }

    @PostMapping("/tokens")
    ModelAndView createToken(@Valid @ModelAttribute("tokenForm") TokenForm form, BindingResult binding,
            @ModelAttribute("page") Page page, Model model) {
        FormErrors errors = FormErrors.of(page, binding);
        String name = form == null || form.name() == null ? "" : form.name();
        LocalDate expiresOn = form == null ? null : form.expiresAt();
        if (errors.isEmpty()) {
            try {
                // Valid through the whole last day, Paris time: it expires at its last second.
                Instant expiresAt = form.expiresAt() == null ? null
                        : form.expiresAt().plusDays(1).atStartOfDay(Page.ZONE).toInstant().minusSeconds(1);
                ApiToken.Created created = tokens.create(CurrentUser.require(), form.name(), expiresAt);
                return new ModelAndView(account(model, FormErrors.none(page), errors, "", null, created));
            } catch (InvalidInputException e) {
                errors.add(e);
            }
        }
        return FormErrors.rejected(account(model, FormErrors.none(page), errors, name, expiresOn, null));
    }

    @PostMapping("/tokens/{tokenId}/revoke")
    String revoke(@PathVariable UUID tokenId, RedirectAttributes redirect) {
        tokens.revoke(CurrentUser.require(), tokenId);
        redirect.addFlashAttribute(Page.NOTICE, "account.notice.tokenRevoked");
        return "redirect:/account#tokens";
    }

    private String account(Model model, FormErrors passwordErrors, FormErrors tokenErrors,
            String tokenName, LocalDate tokenExpiresAt, ApiToken.Created created) {
        CurrentUser me = CurrentUser.require();
        model.addAttribute("clientName", me.clientId() == null ? null
                : clients.find(me.clientId()).map(Client::name).orElse(null));
        model.addAttribute("tokens", tokens.list(me));
        model.addAttribute("created", created);
        model.addAttribute("tokenName", tokenName);
        model.addAttribute("tokenExpiresAt", tokenExpiresAt == null ? null : tokenExpiresAt.toString());
        model.addAttribute("passwordErrors", passwordErrors);
        model.addAttribute("tokenErrors", tokenErrors);
        model.addAttribute("now", clock.instant());
        return "account/index";
    }
}
