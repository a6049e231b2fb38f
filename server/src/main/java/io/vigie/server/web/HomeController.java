package io.vigie.server.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's address itself: the servers list is its home page. */
@Controller
class HomeController {

    @GetMapping("/")
    String home() {
        return "redirect:/servers";
    }
}
