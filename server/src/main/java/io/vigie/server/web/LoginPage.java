package io.vigie.server.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.vigie.server.users.CurrentUser;

/**
 * The sign-in form of the console. Spring Security handles the POST ({@code email},
 * {@code password}) and comes back here with {@code ?error}, {@code ?locked} or {@code ?logout};
 * someone already signed in goes straight to the console.
 */
@Controller
class LoginPage {

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String locked,
            @RequestParam(required = false) String logout, Model model) {
        if (CurrentUser.get().isPresent()) {
            return "redirect:/";
        }
        model.addAttribute("error", error != null);
        model.addAttribute("locked", locked != null);
        model.addAttribute("loggedOut", logout != null);
        return "login";
    }
}
