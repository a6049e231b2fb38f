package io.vigie.server.notifications;

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

import io.vigie.server.users.CurrentUser;
import io.vigie.server.web.FormErrors;
import io.vigie.server.web.Page;

/**
 * The console's notification channels: the provider's own (every client's incidents) on
 * {@code /notifications}, and a client's, shown on the client's page (loaded by htmx from
 * {@code /notifications/client?clientId=}). Staff add, disable and enable them.
 */
@Controller
@RequestMapping("/notifications")
class NotificationPages {

    private static final String STAFF = "hasAnyRole('ADMIN','OPERATOR')";
    private static final NotificationService.NewChannel EMPTY = new NotificationService.NewChannel(null,
            NotificationChannel.Type.WEBHOOK, "", "");

    private final NotificationService channels;

    NotificationPages(NotificationService channels) {
        this.channels = channels;
    }

    @GetMapping
    @PreAuthorize(STAFF)
    String provider(@ModelAttribute("page") Page page, Model model) {
        return page(model, EMPTY, FormErrors.none(page));
    }

    /** The channels of one client, as a fragment of the client's page. */
    @GetMapping("/client")
    String ofClient(@RequestParam UUID clientId, @ModelAttribute("page") Page page, Model model) {
        model.addAttribute("clientId", clientId);
        model.addAttribute("channels", channels.list(CurrentUser.require(), clientId));
        model.addAttribute("form", new NotificationService.NewChannel(clientId, NotificationChannel.Type.WEBHOOK, "", ""));
        model.addAttribute("errors", FormErrors.none(page));
        model.addAttribute("types", NotificationChannel.Type.values());
        return "notifications/channels";
    }

    @PostMapping
    @PreAuthorize(STAFF)
    ModelAndView create(@RequestParam(required = false) UUID clientId,
            @RequestParam(defaultValue = "WEBHOOK") NotificationChannel.Type type,
            @RequestParam(defaultValue = "") String target, @RequestParam(defaultValue = "") String label,
            @ModelAttribute("page") Page page, Model model, RedirectAttributes redirect) {
        NotificationService.NewChannel form = new NotificationService.NewChannel(clientId, type, target, label);
        return FormErrors.none(page).submit(() -> {
            channels.create(form, CurrentUser.require());
            return back(clientId);
        }, "notifications.notice.created", redirect, errors -> page(model, form, errors));
    }

    @PostMapping("/{channelId}/disable")
    @PreAuthorize(STAFF)
    String disable(@PathVariable UUID channelId, RedirectAttributes redirect) {
        NotificationChannel channel = channels.setEnabled(channelId, false, CurrentUser.require());
        redirect.addFlashAttribute(Page.NOTICE, "notifications.notice.disabled");
        return "redirect:" + back(channel.clientId());
    }

    @PostMapping("/{channelId}/enable")
    @PreAuthorize(STAFF)
    String enable(@PathVariable UUID channelId, RedirectAttributes redirect) {
        NotificationChannel channel = channels.setEnabled(channelId, true, CurrentUser.require());
        redirect.addFlashAttribute(Page.NOTICE, "notifications.notice.enabled");
        return "redirect:" + back(channel.clientId());
    }

    private static String back(UUID clientId) {
        return clientId == null ? "/notifications" : "/clients/" + clientId + "#notifications";
    }

    private String page(Model model, NotificationService.NewChannel form, FormErrors errors) {
        model.addAttribute("channels", form.clientId() == null ? channels.providerChannels()
                : channels.list(CurrentUser.require(), form.clientId()));
        model.addAttribute("clientId", form.clientId());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("types", NotificationChannel.Type.values());
        return "notifications/page";
    }
}
