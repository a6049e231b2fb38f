package io.vigie.server.clients;

import java.util.UUID;

import org.springframework.ui.Model;

import io.vigie.server.users.CurrentUser;

/**
 * What a console list filtered by client needs (contracts, servers, incidents...): the clients
 * for the filter's select ({@code clients}), the name of each client, archived ones included, for
 * the rows ({@code clientNames}), and the client chosen ({@code clientId}).
 */
public final class ClientFilter {

    private ClientFilter() {
    }

    /**
     * @param model the page's model
     * @param clients the client service
     * @param viewer who looks
     * @param clientId the client chosen, or null
     */
    public static void addTo(Model model, ClientService clients, CurrentUser viewer, UUID clientId) {
        model.addAttribute("clients", clients.list(viewer, false, null));
        model.addAttribute("clientNames", clients.names(viewer));
        model.addAttribute("clientId", clientId);
    }
}
