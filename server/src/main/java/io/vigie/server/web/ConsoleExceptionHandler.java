package io.vigie.server.web;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

import io.vigie.server.platform.ConflictException;
import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.platform.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Turns a failure of a console handler into a friendly page in the layout ({@code error.jte}):
 * 404 for an unknown record or one of another client (and for a malformed identifier), 403 for a
 * role that may not act, 409/400 with the reason for a refused action, 500 otherwise. The page
 * never shows a stack trace, an exception message that could name a record, or the URL.
 * REST controllers are answered by {@link ApiExceptionHandler}, which comes first.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class ConsoleExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ConsoleExceptionHandler.class);

    private final MessageSource messages;

    ConsoleExceptionHandler(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler({ NotFoundException.class, MethodArgumentTypeMismatchException.class })
    ModelAndView notFound(HttpServletRequest request) {
        return page(request, HttpStatus.NOT_FOUND, null);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView denied(HttpServletRequest request) {
        return page(request, HttpStatus.FORBIDDEN, null);
    }

    @ExceptionHandler({ ConflictException.class, InvalidInputException.class })
    ModelAndView refused(RuntimeException e, HttpServletRequest request) {
        Page page = new Page(request, messages);
        HttpStatus status = e instanceof ConflictException ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
        String reason = e instanceof InvalidInputException invalid
                ? page.tOr("validation.invalid." + invalid.field(), invalid.getMessage())
                : FormErrors.conflictMessage(page, e);
        return page(page, status, reason);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse response) {
            return page(request, response.getStatusCode(), null);
        }
        log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return page(request, HttpStatus.INTERNAL_SERVER_ERROR, null);
    }

    private ModelAndView page(HttpServletRequest request, HttpStatusCode status, String reason) {
        return page(new Page(request, messages), status, reason);
    }

    private static ModelAndView page(Page page, HttpStatusCode status, String reason) {
        Map<String, Object> model = new HashMap<>();
        model.put("page", page);
        model.put("status", status.value());
        model.put("reason", reason);
        return new ModelAndView("error", model, status);
    }
}
