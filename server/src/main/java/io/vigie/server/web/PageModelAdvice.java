package io.vigie.server.web;

import org.springframework.context.MessageSource;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Puts a {@link Page} in the model of every console handler, under the name {@code page}, so that
 * every template can declare {@code @param io.vigie.server.web.Page page}. REST controllers get
 * none: they render no template, and the advice must not touch their (stateless) requests.
 * Binding is disabled, so that a handler may take {@code @ModelAttribute("page") Page page}
 * without request parameters being bound onto it.
 */
@ControllerAdvice(annotations = Controller.class)
class PageModelAdvice {

    private final MessageSource messages;

    PageModelAdvice(MessageSource messages) {
        this.messages = messages;
    }

    @ModelAttribute(name = "page", binding = false)
    Page page(HttpServletRequest request) {
        if (request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler
                && AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ResponseBody.class)) {
            return null;
        }
        return new Page(request, messages);
    }
}
