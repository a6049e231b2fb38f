package io.vigie.server.clients;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.ui.Model;

import io.vigie.server.users.CurrentUser;

/**
 * The client choices of console pages, from one query each. A list filtered by client
 * (contracts, servers, incidents, monitors) gets the clients for the filter's select
 * ({@code clients}, archived ones left out), the name of every client, archived ones included, for
 * its rows ({@code clientNames}), and the client chosen ({@code clientId}). A form gets the clients
 * to choose from and the name of the one it is about ({@code clientName}).
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
        List<Client> all = clients.list(viewer, true, null);
        model.addAttribute("clients", all.stream().filter(c -> c.archivedAt() == null).toList());
        model.addAttribute("clientNames", all.stream().collect(Collectors.toMap(Client::id, Client::name)));
        model.addAttribute("clientId", clientId);
    }

    /**
     * @param model the form's model
     * @param clients the client service
     * @param viewer who fills the form
     * @param clientId the client of the record, or null for a new one not chosen yet
     */
    public static void addFormChoices(Model model, ClientService clients, CurrentUser viewer, UUID clientId) {
        model.addAttribute("clients", clients.list(viewer, false, null));
        model.addAttribute("clientName", clientId == null ? ""
                : clients.find(clientId).filter(c -> viewer.canSee(c.id())).map(Client::name).orElse(""));
    }
}
