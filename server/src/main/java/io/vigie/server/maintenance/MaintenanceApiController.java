package io.vigie.server.maintenance;

import java.net.URI;
import java.time.Clock;
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
import io.vigie.server.users.CurrentUser;
import jakarta.validation.Valid;

/** REST API of maintenance windows (docs/maintenance.md). */
@RestController
@RequestMapping("/api/v1/maintenance-windows")
@Tag(name = "Maintenance windows")
class MaintenanceApiController {

    private static final String STAFF = "hasAnyRole('ADMIN','OPERATOR')";
    private static final int NEXT_OCCURRENCES = 10;

    private final MaintenanceService windows;
    private final Clock clock;

    MaintenanceApiController(MaintenanceService windows, Clock clock) {
        this.windows = windows;
        this.clock = clock;
    }

    /**
     * A window as the API shows it.
     *
     * @param window the window
     * @param state where it stands now
     * @param next the occurrence in progress and those to come, at most 10
     */
    record View(MaintenanceWindow window, MaintenanceWindow.State state, List<MaintenanceWindow.Occurrence> next) {
    }

    private View view(MaintenanceWindow window) {
        return new View(window, window.state(clock.instant()), window.upcoming(clock.instant(), NEXT_OCCURRENCES));
    }

    @GetMapping
    List<View> list(@RequestParam(required = false) UUID clientId,
            @RequestParam(required = false) MaintenanceWindow.State state) {
        return windows.list(CurrentUser.require(), clientId, state).stream().map(this::view).toList();
    }

    @GetMapping("/{windowId}")
    View get(@PathVariable UUID windowId) {
        return view(windows.get(windowId, CurrentUser.require()));
    }

    @PostMapping
    @PreAuthorize(STAFF)
    ResponseEntity<View> create(@Valid @RequestBody MaintenanceDetails details) {
        MaintenanceWindow window = windows.create(details, CurrentUser.require());
        return ResponseEntity.created(URI.create("/api/v1/maintenance-windows/" + window.id())).body(view(window));
    }

    @PutMapping("/{windowId}")
    @PreAuthorize(STAFF)
    View update(@PathVariable UUID windowId, @Valid @RequestBody MaintenanceDetails details) {
        return view(windows.update(windowId, details, CurrentUser.require()));
    }

    @PostMapping("/{windowId}/end")
    @PreAuthorize(STAFF)
    View end(@PathVariable UUID windowId) {
        return view(windows.end(windowId, CurrentUser.require()));
    }
}
