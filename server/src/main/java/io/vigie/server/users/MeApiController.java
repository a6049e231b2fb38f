package io.vigie.server.users;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** REST API for the caller's own account and personal API tokens. */
@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Me")
class MeApiController {

    private final ApiTokenService tokens;

    MeApiController(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    /**
     * A token to create.
     *
     * @param name a label
     * @param expiresAt optional expiry
     */
    record TokenRequest(@NotBlank @Size(max = 100) String name, Instant expiresAt) {
    }

    @GetMapping
    CurrentUser me() {
        return CurrentUser.require();
    }

    @GetMapping("/tokens")
    List<ApiToken> tokens() {
        return tokens.list(CurrentUser.require());
    }

    @PostMapping("/tokens")
    ResponseEntity<ApiToken.Created> create(@Valid @RequestBody TokenRequest request) {
        ApiToken.Created created = tokens.create(CurrentUser.require(), request.name(), request.expiresAt());
        return ResponseEntity.created(URI.create("/api/v1/me/tokens/" + created.token().id())).body(created);
    }

    @DeleteMapping("/tokens/{tokenId}")
    ResponseEntity<Void> revoke(@PathVariable UUID tokenId) {
        tokens.revoke(CurrentUser.require(), tokenId);
        return ResponseEntity.noContent().build();
    }
}
