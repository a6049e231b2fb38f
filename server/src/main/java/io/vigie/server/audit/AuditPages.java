package io.vigie.server.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;

import io.vigie.server.users.CurrentUser;
import io.vigie.server.web.FormErrors;
import io.vigie.server.web.Page;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's audit trail: who did what and when, with the record before and after each change.
 * Filters are a text, an action (exact, or a prefix ending with a dot), a client (staff only) and a
 * range of days in Europe/Paris, both ends included. A client user sees only their own client's
 * entries ({@link AuditService} restricts them; the client filter is ignored for them).
 */
@Controller
@RequestMapping("/audit")
class AuditPages {

    /** Entries shown at most. */
    static final int LIMIT = 200;

    private final AuditService audit;
    private final JsonMapper json;

    AuditPages(AuditService audit, JsonMapper json) {
        this.audit = audit;
        this.json = json;
    }

    /**
     * The filters as submitted.
     *
     * @param text free text
     * @param action an action or a prefix ending with a dot
     * @param clientId one client (staff only)
     * @param entityId one record (a server, a contract...)
     * @param from first day
     * @param to last day
     */
    record AuditFilter(String text, String action, UUID clientId, String entityId,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    }

    @GetMapping
    String search(@ModelAttribute("filter") AuditFilter filter, BindingResult binding,
            @ModelAttribute("page") Page page, Model model) {
        CurrentUser viewer = CurrentUser.require();
        AuditFilter f = filter == null ? new AuditFilter(null, null, null, null, null, null) : filter;
        UUID clientId = viewer.isStaff() && !binding.hasFieldErrors("clientId") ? f.clientId() : null;
        LocalDate from = binding.hasFieldErrors("from") ? null : f.from();
        LocalDate to = binding.hasFieldErrors("to") ? null : f.to();
        List<AuditEntry> entries = audit.search(new AuditQuery(f.text(), f.action(), clientId, blankToNull(f.entityId()), startOf(from),
                to == null ? null : startOf(to.plusDays(1)), LIMIT), viewer);
        model.addAttribute("entries", entries.stream().map(this::pretty).toList());
        model.addAttribute("limited", entries.size() >= LIMIT);
        model.addAttribute("text", f.text() == null ? "" : f.text());
        model.addAttribute("action", f.action() == null ? "" : f.action());
        model.addAttribute("clientId", clientId);
        model.addAttribute("entityId", blankToNull(f.entityId()));
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("errors", FormErrors.of(page, binding));
        return "audit/list";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant startOf(LocalDate day) {
        return day == null ? null : day.atStartOfDay(Page.ZONE).toInstant();
    }

    /** The entry with its states indented for reading. */
    private AuditEntry pretty(AuditEntry e) {
        return new AuditEntry(e.id(), e.at(), e.actorId(), e.actorLabel(), e.clientId(), e.action(), e.entityType(),
                e.entityId(), e.summary(), pretty(e.before()), pretty(e.after()), e.sourceIp());
    }

    private String pretty(String state) {
        if (state == null) {
            return null;
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(state));
        } catch (JacksonException e) {
            return state;
        }
    }
}
