package io.vigie.server.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

import io.vigie.server.platform.ConflictException;
import io.vigie.server.platform.InvalidInputException;

/**
 * The errors of a submitted console form, translated, by field: the form is shown again with each
 * message next to its field and the values entered kept. Messages come from three places, each
 * looked up in the messages files with an English fallback:
 * <ul>
 * <li>Bean Validation and conversion errors of the bound form: {@code validation.<code>.<field>},
 * then {@code validation.<code>} (e.g. {@code validation.Pattern.siren}, {@code validation.NotBlank});</li>
 * <li>{@link InvalidInputException} from a service: {@code validation.invalid.<field>};</li>
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
     * @param page the page the form is on, for its language
     * @param binding the binding and validation result of the submitted form
     * @return its errors, translated
     */
    public static FormErrors of(Page page, BindingResult binding) {
        FormErrors errors = new FormErrors(page);
        for (ObjectError error : binding.getAllErrors()) {
            String message = translate(page, error);
            if (error instanceof FieldError field) {
                errors.fields.putIfAbsent(field.getField(), message);
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
            return field(invalid.field(), page.tOr("validation.invalid." + invalid.field(), invalid.getMessage()));
        }
        return global(conflictMessage(page, refusal));
    }

    /**
     * @param page the page, for its language
     * @param refusal a conflict or another refusal with an English message
     * @return the message translated through {@code conflict.<slug>}, or the English message
     */
    static String conflictMessage(Page page, RuntimeException refusal) {
        String message = refusal.getMessage() == null ? "" : refusal.getMessage();
        String slug = message.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return page.tOr("conflict." + slug, message);
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
