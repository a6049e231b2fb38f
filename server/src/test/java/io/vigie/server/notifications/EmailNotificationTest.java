package io.vigie.server.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

import io.vigie.server.IntegrationTest;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ContactDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.incidents.Incident;
import io.vigie.server.incidents.IncidentService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;
import jakarta.mail.internet.MimeMessage;

/**
 * E-mail notifications through a real SMTP server (GreenMail on loopback): an incident reaches an
 * e-mail channel once, in French, and the client's contacts flagged for notifications, only them. Its own application context and data directory, since the mail
 * server is part of the configuration.
 */
@SpringBootTest
class EmailNotificationTest {

    private static final GreenMail SMTP;
    private static final Path DATA_DIR;

    static {
        try (ServerSocket socket = new ServerSocket(0)) {
            SMTP = new GreenMail(new ServerSetup(socket.getLocalPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            DATA_DIR = Files.createTempDirectory("vigie-email-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        SMTP.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        IntegrationTest.testProperties(registry, DATA_DIR);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("vigie.notifications.mail-from", () -> "vigie@provider.example");
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @Autowired
    ClientService clients;
    @Autowired
    NotificationService channels;
    @Autowired
    NotificationDelivery delivery;
    @Autowired
    IncidentService incidents;

    @Test
    void anIncidentReachesAnEmailChannelOnceInFrench() throws Exception {
        CurrentUser system = new CurrentUser(UUID.randomUUID(), "system@example.test", "system", Role.ADMIN, null);
        var client = clients.create(new ClientDetails("Courriel " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        channels.create(new NotificationService.NewChannel(client.id(), NotificationChannel.Type.EMAIL,
                "astreinte@client.example", "Astreinte"), system);
        SMTP.purgeEmailFromAllMailboxes();
        incidents.open(new Incident.Opening(client.id(), null, null, "test:" + UUID.randomUUID(), Incident.Kind.ALERT,
                Incident.Severity.CRITICAL, "Disk used on web1 (/var)", "93.0% >= 90.0% for 5 min"));

        assertThat(delivery.deliverDue()).isEqualTo(1);
        assertThat(delivery.deliverDue()).as("sent once").isZero();
        assertThat(SMTP.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("astreinte@client.example");
        assertThat(received[0].getFrom()[0].toString()).isEqualTo("vigie@provider.example");
        assertThat(received[0].getSubject()).isEqualTo("Vigie [CRITIQUE] Incident ouvert : Disk used on web1 (/var)"
                + " (93.0% >= 90.0% for 5 min)");
        assertThat(GreenMailUtil.getBody(received[0])).contains("Disk used on web1 (/var)");
    }

    @Test
    void theClientsContactsFlaggedForNotificationsReceiveThemAndTheOthersDoNot() throws Exception {
        CurrentUser system = new CurrentUser(UUID.randomUUID(), "system@example.test", "system", Role.ADMIN, null);
        var client = clients.create(new ClientDetails("Contacts " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        clients.addContact(client.id(), new ContactDetails("Alice Martin", "Alice.Martin@client.example", "", false,
                true, true), system);
        clients.addContact(client.id(), new ContactDetails("Bob Comptable", "compta@client.example", "", true, false,
                false), system);
        SMTP.purgeEmailFromAllMailboxes();
        Incident incident = incidents.open(new Incident.Opening(client.id(), null, null, "test:" + UUID.randomUUID(),
                Incident.Kind.UPTIME, Incident.Severity.CRITICAL, "Boutique is down", "HTTP 503"));

        assertThat(delivery.deliverDue()).isEqualTo(1);
        assertThat(SMTP.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("alice.martin@client.example");
        assertThat(received[0].getSubject()).isEqualTo("Vigie [CRITIQUE] Incident ouvert : Boutique is down (HTTP 503)");
        assertThat(channels.deliveries(incident.id())).singleElement().satisfies(d -> {
            assertThat(d.recipient()).isEqualTo("alice.martin@client.example");
            assertThat(d.deliveredAt()).isNotNull();
        });
    }
}
