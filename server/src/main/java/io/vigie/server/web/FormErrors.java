package io.vigie.server.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.http.HttpStatus;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vigie.server.platform.ConflictException;
import io.vigie.server.platform.InvalidInputException;

/**
 * The errors of a submitted console form, translated, by field: the form is shown again with each
 * message next to its field and the values entered kept. Messages come from three places, each
 * looked up in the messages files with an English fallback:
 * <ul>
 * <li>Bean Validation and conversion errors of the bound form: {@code validation.<code>.<field>},
 * then {@code validation.<code>} (e.g. {@code validation.Pattern.siren}, {@code validation.NotBlank});</li>
 * <li>{@link InvalidInputException} from a service: {@code validation.invalid.<field>.<its English
 * message in lower case, words joined by dashes>}, then {@code validation.invalid.<field>} (the
 * error of a list element, {@code publicIps[2]}, is shown on the list's field);</li>
 * <li>{@link ConflictException} from a service, shown above the form:
 * {@code conflict.<its English message in lower case, words joined by dashes>}.</li>
 * </ul>
 */
public final class FormErrors {

    private final Page page;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final List<String> global = new ArrayList<>();

    private FormErrors(Page page) {
        this.page = page;
    }

    /**
     * @param page the page the form is on, for its language
     * @return no errors yet (a form shown for the first time)
     */
    public static FormErrors none(Page page) {
        return new FormErrors(page);
    }

    /**
     * Submits a form: when it has no error, runs the action and redirects with a notice; when the
     * form or the service refuses it (invalid input, conflict), shows it again with its errors and
     * the status 422, nothing written.
     *
     * @param action what the form does; returns the address to redirect to
     * @param notice message key of the confirmation shown once after the redirect
     * @param redirect the redirect attributes of the request
     * @param view the view showing the form again with the given errors
     * @return the redirect, or the form with its errors
     */
    public ModelAndView submit(Supplier<String> action, String notice, RedirectAttributes redirect,
            Function<FormErrors, String> view) {
        if (isEmpty()) {
            try {
                String target = action.get();
                redirect.addFlashAttribute(Page.NOTICE, notice);
                return new ModelAndView("redirect:" + target);
            } catch (InvalidInputException | ConflictException e) {
                add(e);
            }
        }
        return rejected(view.apply(this));
    }

    /**
     * A form shown again with its errors answers 422, so that tests and scripts see the refusal.
     *
     * @param view the view showing the form with its errors
     * @return that view with the status 422
     */
    public static ModelAndView rejected(String view) {
        return new ModelAndView(view, HttpStatus.UNPROCESSABLE_CONTENT);
    }

    /**
     * @param page the page the form is on, for its language
     * @param binding the binding and validation result of the submitted form
     * @return its errors, translated
     */
    public static FormErrors of(Page page, BindingResult binding) {
        FormErrors errors = new FormErrors(page);
        for (ObjectError error : binding.getAllErrors()) {
            String message = translate(page, error);
            if (error instanceof FieldError field) {
                errors.fields.putIfAbsent(formField(field.getField()), message);
            } else {
                errors.global.add(message);
            }
        }
        return errors;
    }

    private static String translate(Page page, ObjectError error) {
        String[] codes = error.getCodes() == null ? new String[0] : error.getCodes();
        for (String code : codes) {
            var message = page.find("validation." + code, error.getArguments() == null ? new Object[0]
                    : error.getArguments());
            if (message.isPresent()) {
                return message.get();
            }
        }
        return error.getDefaultMessage() != null ? error.getDefaultMessage() : page.t("validation.invalid");
    }

    /**
     * Adds the refusal of a service: next to its field for invalid input, above the form for a
     * conflict.
     *
     * @param refusal an {@link InvalidInputException} or a {@link ConflictException}
     * @return this
     */
    public FormErrors add(RuntimeException refusal) {
        if (refusal instanceof InvalidInputException invalid) {
            String field = formField(invalid.field());
            String key = "validation.invalid." + field;
            return field(field, page.tOr(key + "." + slug(invalid), page.tOr(key, invalid.getMessage())));
        }
        return global(conflictMessage(page, refusal));
    }

    /**
     * @param field a bound property, possibly an element of a list ({@code publicIps[2]})
     * @return the form field that shows its error: the list itself for an element
     */
    private static String formField(String field) {
        return field.replaceFirst("\\[\\d+]$", "");
    }

    /**
     * @param page the page, for its language
     * @param refusal a conflict or another refusal with an English message
     * @return the message translated through {@code conflict.<slug>}, or the English message
     */
    static String conflictMessage(Page page, RuntimeException refusal) {
        return page.tOr("conflict." + slug(refusal), refusal.getMessage() == null ? "" : refusal.getMessage());
    }

    /** @return the English message of a refusal in lower case, its words joined by dashes */
    private static String slug(RuntimeException refusal) {
        String message = refusal.getMessage() == null ? "" : refusal.getMessage();
        return message.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /**
     * @param field a form field
     * @param message its (translated) error; the first one given for a field is kept
     * @return this
     */
    public FormErrors field(String field, String message) {
        fields.putIfAbsent(field, message);
        return this;
    }

    /**
     * @param message a (translated) error about the whole form
     * @return this
     */
    public FormErrors global(String message) {
        global.add(message);
        return this;
    }

    /** @return true when the form has no error */
    public boolean isEmpty() {
        return fields.isEmpty() && global.isEmpty();
    }

    /**
     * @param field a form field
     * @return true when that field has an error
     */
    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /**
     * @param field a form field
     * @return its error, or null
     */
    public String get(String field) {
        return fields.get(field);
    }

    /** @return errors about the whole form rather than one field */
    public List<String> global() {
        return List.copyOf(global);
    }
}
