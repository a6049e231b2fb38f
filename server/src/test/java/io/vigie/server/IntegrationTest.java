package io.vigie.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;
import io.vigie.server.users.User;
import io.vigie.server.users.UserService;

/**
 * Base of the control plane's integration tests: the whole application on a random port with its
 * real embedded PostgreSQL and TLS agent connector, one data directory per test JVM. Every test
 * class extends it unchanged, so Spring caches one context for all of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
public abstract class IntegrationTest {

    private static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("vigie-test-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Password of every user made by {@link #newUser}. */
    protected static final String PASSWORD = "correct-horse-battery";

    @Autowired
    protected UserService userService;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        testProperties(registry, DATA_DIR);
    }

    /**
     * The settings every test application context uses, for a test that needs its own context.
     *
     * @param registry the test's property registry
     * @param dataDir the context's data directory (one control plane per data directory)
     */
    public static void testProperties(DynamicPropertyRegistry registry, Path dataDir) {
        registry.add("vigie.data-dir", dataDir::toString);
        registry.add("vigie.agent-api.port", () -> "0");
        registry.add("vigie.agent-api.public-url", () -> "");
        registry.add("vigie.admin.password", () -> "admin-password-for-tests");
        // Tests run the recurring jobs (compaction, alerts, notifications) themselves, at the times they choose.
        registry.add("db-scheduler.enabled", () -> "false");
        // Uptime checks run only when a test asks for a round (UptimeScheduler.runDue).
        registry.add("vigie.uptime.enabled", () -> "false");
    }

    /**
     * Creates a user (as the system) with {@link #PASSWORD}.
     *
     * @param role the role
     * @param clientId the client of a CLIENT user
     * @return the user as a principal
     */
    protected CurrentUser newUser(Role role, UUID clientId) {
        CurrentUser system = new CurrentUser(null, "system", "system", Role.ADMIN, null);
        User user = userService.create(new UserService.NewUser(role.name().toLowerCase() + "-" + UUID.randomUUID()
                + "@example.test", role.name() + " user", role, clientId, PASSWORD), system);
        return user.asCurrentUser();
    }

    /**
     * @param user a principal
     * @return a MockMvc post-processor that authenticates the request as that user
     */
    protected static RequestPostProcessor as(CurrentUser user) {
        return SecurityMockMvcRequestPostProcessors.authentication(new UsernamePasswordAuthenticationToken(user, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name()))));
    }

    /**
     * @param result a MockMvc result
     * @return its body as text
     * @throws Exception if it cannot be read
     */
    protected static String body(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString();
    }
}
