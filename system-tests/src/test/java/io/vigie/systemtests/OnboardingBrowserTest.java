package io.vigie.systemtests;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Tracing;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.WaitForSelectorState;

/**
 * The operator's first day, end to end and through the real programs: the control plane started
 * from its jar, the system Chromium, and the agent jar started as the console tells the operator.
 * The administrator signs in, creates a client, a contract and a server with the console's forms,
 * asks for an enrollment token, runs the command shown, starts the agent, and within 60 s sees the
 * server online with this machine's host name and kernel.
 *
 * <p>Screenshots of every step go to {@code system-tests/target/screenshots/onboarding-*.png}, a
 * Playwright trace to {@code system-tests/target/playwright/onboarding-trace.zip} (open it with
 * {@code npx playwright show-trace}), the processes' logs to {@code system-tests/target/logs/}.
 */
class OnboardingBrowserTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** The bound the issue sets: the server shows online within a minute of the agent's start. */
    private static final double ONLINE_WITHIN_MS = 60_000;

    private static ControlPlaneProcess controlPlane;
    private static AgentProcess agent;
    private static Playwright playwright;
    private static Browser browser;

    private BrowserContext context;
    private Page page;
    private int step;

    @BeforeAll
    static void startControlPlaneAndBrowser() throws IOException {
        try (Stream<Path> old = Files.list(SystemTestPaths.screenshots())) {
            for (Path file : old.filter(p -> p.getFileName().toString().startsWith("onboarding-")).toList()) {
                Files.delete(file);
            }
        }
        controlPlane = ControlPlaneProcess.start("onboarding", HEARTBEAT);
        agent = AgentProcess.create("onboarding", HEARTBEAT);
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium"))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void stopEverything() {
        Cleanup.all(
                () -> {
                    if (browser != null) {
                        browser.close();
                    }
                },
                () -> {
                    if (playwright != null) {
                        playwright.close();
                    }
                },
                () -> {
                    if (agent != null) {
                        agent.close();
                    }
                },
                () -> {
                    if (controlPlane != null) {
                        controlPlane.close();
                    }
                });
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext(new Browser.NewContextOptions().setLocale("fr-FR").setViewportSize(1280, 900));
        context.tracing().start(new Tracing.StartOptions().setScreenshots(true).setSnapshots(true));
        page = context.newPage();
        page.setDefaultTimeout(15_000);
        page.setDefaultNavigationTimeout(30_000);
    }

    @AfterEach
    void closePage() {
        Cleanup.all(
                () -> context.tracing().stop(new Tracing.StopOptions()
                        .setPath(SystemTestPaths.target().resolve("playwright/onboarding-trace.zip"))),
                () -> context.close());
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void anOperatorOnboardsAServerAndSeesItsAgentOnline() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String clientName = "Boulangerie Martin " + suffix;
        String contractReference = "CT-" + suffix;
        String hostname = ThisHost.hostname();

        page.navigate(controlPlane.baseUri().toString());
        page.waitForURL(Pattern.compile(".*/login.*"));
        assertThat(page.locator("#email")).isVisible();
        screenshot("login");

        page.fill("#email", ControlPlaneProcess.ADMIN_EMAIL);
        page.fill("#password", controlPlane.adminPassword());
        page.locator("form:has(#password) button[type=submit]").click();
        page.waitForURL(url -> !url.contains("/login"));
        screenshot("signed-in");

        open("/clients/new");
        page.fill("#name", clientName);
        screenshot("client-form");
        submit("#name");
        page.waitForURL(url -> !url.endsWith("/clients/new"));
        screenshot("client-created");

        open("/contracts/new");
        selectOptionContaining("#clientId", clientName);
        page.fill("#reference", contractReference);
        page.fill("#startDate", LocalDate.now().toString());
        screenshot("contract-form");
        submit("#reference");
        page.waitForURL(url -> !url.endsWith("/contracts/new"));
        screenshot("contract-created");

        open("/servers/new");
        selectOptionContaining("#clientId", clientName);
        if (page.locator("#contractId").count() > 0) {
            // The contracts offered depend on the client chosen (possibly loaded by htmx).
            selectOptionContaining("#contractId", contractReference);
        }
        page.fill("#hostname", hostname);
        page.selectOption("#role", "PRODUCTION");
        screenshot("server-form");
        submit("#hostname");
        page.waitForURL(Pattern.compile(".*/servers/[0-9a-fA-F-]{36}([?#].*)?$"));
        assertThat(page.locator("#agent-status")).hasAttribute("data-state", "NOT_ENROLLED");
        screenshot("server-created");

        page.locator("#issue-enrollment-token").click();
        Locator command = page.locator("#enrollment-command");
        assertThat(command).containsText("--token");
        assertThat(command).containsText("--fingerprint");
        screenshot("enrollment-command");

        List<String> arguments = EnrollmentCommand.argumentsOf(command.innerText());
        assertThat(arguments).first().isEqualTo("enroll");
        AgentProcess.Result enrolled = agent.runToCompletion(arguments);
        assertThat(enrolled.exitCode()).as("vigie-agent enroll, output:%n%s", enrolled.output()).isZero();

        agent.start();
        try {
            page.locator("#agent-status[data-state=ONLINE]").waitFor(new Locator.WaitForOptions()
                    .setState(WaitForSelectorState.ATTACHED).setTimeout(ONLINE_WITHIN_MS));
        } catch (PlaywrightException e) {
            screenshot("not-online");
            throw new AssertionError("the server page did not show the agent ONLINE within 60 s (data-state="
                    + page.locator("#agent-status").getAttribute("data-state") + "); agent log:\n" + agent.logTail(40), e);
        }
        screenshot("agent-online");

        page.reload();
        Locator facts = page.locator("#agent-facts");
        LocatorAssertions.ContainsTextOptions quickly = new LocatorAssertions.ContainsTextOptions().setTimeout(10_000);
        assertThat(facts).containsText(hostname, quickly);
        assertThat(facts).containsText(ThisHost.kernel(), quickly);
        assertThat(page.locator("#agent-status")).hasAttribute("data-state", "ONLINE");
        screenshot("agent-facts");
    }

    /** Opens a page of the console and checks that it exists. */
    private void open(String path) {
        Response response = page.navigate(controlPlane.baseUri().resolve(path).toString());
        if (response == null || response.status() != 200) {
            screenshot("not-found");
            throw new AssertionError("GET " + path + " answered " + (response == null ? "nothing" : response.status())
                    + " at " + page.url());
        }
    }

    private void submit(String fieldOfTheForm) {
        page.locator("form:has(" + fieldOfTheForm + ") [type=submit]").first().click();
    }

    /** Selects the option whose text contains {@code text}, waiting (bounded) for it to be loaded. */
    private void selectOptionContaining(String select, String text) {
        Locator option = page.locator(select + " option").filter(new Locator.FilterOptions().setHasText(text)).first();
        try {
            option.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED).setTimeout(10_000));
        } catch (PlaywrightException e) {
            screenshot("missing-option");
            throw new AssertionError("no option containing '" + text + "' in " + select + "; options: "
                    + page.locator(select + " option").allInnerTexts(), e);
        }
        page.selectOption(select, option.getAttribute("value"));
    }

    private void screenshot(String name) {
        Path file = SystemTestPaths.screenshots().resolve(String.format("onboarding-%02d-%s.png", ++step, name));
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    }
}
