package io.vigie.server.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.servlet.support.RequestContextUtils;

import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What every console template needs besides its own data: translations in the request's language,
 * the signed-in user, the CSRF token, the language switch, the active section and dates shown in
 * Europe/Paris. One is made per request by {@link PageModelAdvice} and reaches each template as its
 * {@code page} parameter.
 *
 * <p>Everything is computed on demand: a page that shows no form never loads the CSRF token (which
 * would create a session). Nothing here echoes request parameters or path variables back into the
 * page, so that an error page cannot leak an identifier that the caller may not see.
 */
public final class Page {

    /** Time zone of every date and time shown in the console. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    /** Flash attribute holding the message key of a confirmation shown once after a redirect. */
    public static final String NOTICE = "notice";

    /** What {@link #fmt} and {@link #fmtDate} show for a missing value. */
    static final String NONE = "—";

    private final HttpServletRequest request;
    private final MessageSource messages;
    private final Locale locale;
    private DateTimeFormatter dateTimeFormat;
    private DateTimeFormatter dateFormat;

    Page(HttpServletRequest request, MessageSource messages) {
        this.request = request;
        this.messages = messages;
        this.locale = RequestContextUtils.getLocale(request);
    }

    /**
     * Translates a message key in the request's language.
     *
     * @param key a key of {@code messages_fr.properties} / {@code messages_en.properties}
     * @param args values for the {@code {0}}, {@code {1}}... placeholders
     * @return the message, or {@code ??key??} when the key is missing (a test checks none is)
     */
    public String t(String key, Object... args) {
        return find(key, args).orElse("??" + key + "??");
    }

    /**
     * Translates a key that may not exist, such as one built from data ({@code audit.action.} + an
     * action name).
     *
     * @param key a message key
     * @param fallback shown when the key is missing
     * @return the message or the fallback
     */
    public String tOr(String key, String fallback) {
        return find(key).orElse(fallback);
    }

    Optional<String> find(String key, Object... args) {
        try {
            return Optional.of(messages.getMessage(key, args.length == 0 ? null : args, locale));
        } catch (NoSuchMessageException e) {
            return Optional.empty();
        }
    }

    /** @return the request's locale (French or English) */
    public Locale locale() {
        return locale;
    }

    /** @return the language code of the page, {@code fr} or {@code en} */
    public String lang() {
        return "en".equals(locale.getLanguage()) ? "en" : "fr";
    }

    /** @return the language the switch link offers */
    public String otherLang() {
        return "en".equals(lang()) ? "fr" : "en";
    }

    /**
     * The link of the language switch. For a page shown by a GET, the same page ({@code ?lang=..},
     * relative, so that nothing of the URL is echoed); after a POST (a form shown again with its
     * errors), the top of the section, since the POST address cannot be fetched.
     *
     * @return the switch link
     */
    public String otherLangUrl() {
        String query = "?lang=" + otherLang();
        if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
            return query;
        }
        return section() + query;
    }

    /** @return the path of the page asked for (before any forward to the error page) */
    public String path() {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = original instanceof String s ? s : request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    /** @return the first segment of the path, e.g. {@code /clients}; {@code /} at the root */
    String section() {
        String path = path();
        int next = path.indexOf('/', 1);
        return next < 0 ? (path.isEmpty() ? "/" : path) : path.substring(0, next);
    }

    /**
     * For the {@code aria-current} attribute of a navigation link.
     *
     * @param href the link, e.g. {@code /clients}
     * @return {@code page} on that very page, {@code true} below it, null elsewhere (no attribute)
     */
    public String current(String href) {
        String path = path();
        if (path.equals(href)) {
            return "page";
        }
        return path.startsWith(href + "/") ? "true" : null;
    }

    /** @return the signed-in user, or null on the login page and for anonymous error pages */
    public CurrentUser user() {
        return CurrentUser.get().orElse(null);
    }

    /** @return true when someone is signed in */
    public boolean signedIn() {
        return user() != null;
    }

    /** @return true for the provider's staff (administrators and operators) */
    public boolean isStaff() {
        CurrentUser user = user();
        return user != null && user.isStaff();
    }

    /** @return true for administrators, who alone manage staff accounts */
    public boolean isAdmin() {
        CurrentUser user = user();
        return user != null && user.role() == Role.ADMIN;
    }

    /**
     * The CSRF token, for the hidden input of every POST form ({@code @template.tag.csrf(page = page)}).
     *
     * @return the token, or null where CSRF protection does not apply
     */
    public Csrf csrf() {
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            return new Csrf(token.getParameterName(), token.getHeaderName(), token.getToken());
        }
        return null;
    }

    /**
     * @return the value of {@code hx-headers} on {@code <body>}, so that every htmx request carries
     *     the CSRF token; null (no attribute) where there is none
     */
    public String htmxHeaders() {
        Csrf csrf = csrf();
        return csrf == null ? null : "{\"" + csrf.headerName() + "\":\"" + csrf.token().replace("\"", "") + "\"}";
    }

    /**
     * @param instant a moment, or null
     * @return its date and time in Europe/Paris, in the page's language; a dash for null
     */
    public String fmt(Instant instant) {
        if (instant == null) {
            return NONE;
        }
        if (dateTimeFormat == null) {
            dateTimeFormat = DateTimeFormatter.ofPattern(t("common.format.datetime"), locale).withZone(ZONE);
        }
        return dateTimeFormat.format(instant);
    }

    /**
     * @param instant a moment, or null
     * @return its date in Europe/Paris, in the page's language; a dash for null
     */
    public String fmtDate(Instant instant) {
        return instant == null ? NONE : fmtDate(instant.atZone(ZONE).toLocalDate());
    }

    /**
     * @param date a date, or null
     * @return the date in the page's language; a dash for null
     */
    public String fmtDate(LocalDate date) {
        if (date == null) {
            return NONE;
        }
        if (dateFormat == null) {
            dateFormat = DateTimeFormatter.ofPattern(t("common.format.date"), locale);
        }
        return dateFormat.format(date);
    }

    /**
     * @param bytes a size in bytes
     * @return the size in binary units in the page's language, e.g. {@code 15,6 Gio} or {@code 15.6 GiB}
     */
    public String bytes(long bytes) {
        String[] units = t("common.format.byteUnits").split(",");
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String pattern = unit == 0 ? "%.0f %s" : "%.1f %s";
        return String.format(locale, pattern, value, units[unit]);
    }

    /**
     * @param percent a percentage
     * @return it with three decimals in the page's language, e.g. {@code 99,954 %}
     */
    public String percent(double percent) {
        return String.format(locale, "%.3f %%", percent);
    }

    /**
     * @param seconds a duration in seconds
     * @return the duration to the nearest minute, in days, hours and minutes in the page's language,
     *         e.g. {@code 3 j 4 h 12 min}
     */
    public String duration(long seconds) {
        long totalMinutes = Math.round(seconds / 60.0);
        long days = totalMinutes / 1_440;
        long hours = totalMinutes % 1_440 / 60;
        long minutes = totalMinutes % 60;
        return days > 0 ? t("common.format.daysHoursMinutes", days, hours, minutes)
                : t("common.format.hoursMinutes", hours, minutes);
    }

    /**
     * The confirmation left by the previous request ({@code redirect.addFlashAttribute(Page.NOTICE,
     * "clients.notice.created")}), shown once at the top of the page.
     *
     * @return the translated notice, or null
     */
    public String notice() {
        Map<String, ?> flash = RequestContextUtils.getInputFlashMap(request);
        return flash != null && flash.get(NOTICE) instanceof String key ? t(key) : null;
    }

    /**
     * A CSRF token as a form or an htmx request must send it.
     *
     * @param parameterName name of the hidden form field
     * @param headerName name of the request header
     * @param token the value
     */
    public record Csrf(String parameterName, String headerName, String token) {
    }
}
