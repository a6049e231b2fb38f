package io.vigie.server.users;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** REST API for accounts (staff only). */
@RestController
@RequestMapping("/api/v1/users")
@PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
@Tag(name = "Users")
class UserApiController {

    private final UserService users;

    UserApiController(UserService users) {
        this.users = users;
    }

    /**
     * A new account.
     *
     * @param email login
     * @param displayName name shown
     * @param role role
     * @param clientId client of a CLIENT user
     * @param password initial password (at least 12 characters)
     */
    record NewUserRequest(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 200) String displayName,
            @NotNull Role role, UUID clientId, @NotBlank @Size(max = 200) String password) {
    }

    /**
     * A change of an account.
     *
     * @param email login
     * @param displayName name shown
     */
    record UserChange(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 200) String displayName) {
    }

    @GetMapping
    List<User> list(@RequestParam(required = false) UUID clientId) {
        return users.list(CurrentUser.require(), clientId);
    }

    @GetMapping("/{userId}")
    User get(@PathVariable UUID userId) {
        return users.get(userId, CurrentUser.require());
    }

    @PostMapping
    ResponseEntity<User> create(@Valid @RequestBody NewUserRequest request) {
        User user = users.create(new UserService.NewUser(request.email(), request.displayName(), request.role(),
                request.clientId(), request.password()), CurrentUser.require());
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.id())).body(user);
    }

    @PutMapping("/{userId}")
    User update(@PathVariable UUID userId, @Valid @RequestBody UserChange change) {
        return users.update(userId, change.email(), change.displayName(), CurrentUser.require());
    }

    @PostMapping("/{userId}/archive")
    ResponseEntity<Void> archive(@PathVariable UUID userId) {
        users.archive(userId, CurrentUser.require());
        return ResponseEntity.noContent().build();
    }
}
