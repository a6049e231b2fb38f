package io.vigie.systemtests;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A signed-in console session driven over plain HTTP (no browser): form login with the CSRF token
 * of the login page, then forms of the console. The tests use it for one thing, getting a
 * personal API token for the REST API, which the console shows once after
 * {@code POST /account/tokens}. It reads pages as little as possible: the {@code _csrf} value of a
 * form and the token itself, recognised by its {@code vig_} prefix and length.
 */
final class ConsoleSession {

    /** {@code vig_} followed by 256 bits in URL-safe base64 without padding (43 characters). */
    private static final Pattern API_TOKEN = Pattern.compile("vig_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])");
    private static final Pattern INPUT = Pattern.compile("<(?:input|meta)\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern CSRF_NAME = Pattern.compile("name\\s*=\\s*[\"']_csrf[\"']", Pattern.CASE_INSENSITIVE);
    private static final Pattern VALUE = Pattern.compile("(?:value|content)\\s*=\\s*[\"']([^\"']+)[\"']",
            Pattern.CASE_INSENSITIVE);

    private final URI base;
    private final HttpClient http;

    /**
     * @param base the console, e.g. {@code http://127.0.0.1:41234}
     */
    ConsoleSession(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Signs in with the login form.
     *
     * @param email the login
     * @param password the password
     * @return this session
     */
    ConsoleSession login(String email, String password) {
        String csrf = csrfOf(get("/login"), "/login");
        HttpResponse<String> answer = postForm("/login", form("email", email, "password", password, "_csrf", csrf));
        if (answer.uri().getPath().startsWith("/login")) {
            throw new AssertionError("sign-in of " + email + " refused: landed on " + answer.uri());
        }
        return this;
    }

    /**
     * Creates a personal API token through the account page and reads it from the page shown after.
     *
     * @param name the token's label
     * @return the token ({@code vig_...})
     */
    String createApiToken(String name) {
        String csrf = csrfOf(get("/account"), "/account");
        HttpResponse<String> answer = postForm("/account/tokens", form("name", name, "_csrf", csrf));
        if (answer.statusCode() != 200) {
            throw new AssertionError("POST /account/tokens answered " + answer.statusCode() + " at " + answer.uri()
                    + ":\n" + abbreviate(answer.body()));
        }
        Matcher token = API_TOKEN.matcher(answer.body());
        if (!token.find()) {
            throw new AssertionError("no API token (vig_...) on the page shown after POST /account/tokens ("
                    + answer.uri() + "):\n" + abbreviate(answer.body()));
        }
        return token.group();
    }

    private HttpResponse<String> get(String path) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve(path)).GET());
        if (answer.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + answer.statusCode() + " at " + answer.uri());
        }
        return answer;
    }

    private HttpResponse<String> postForm(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("console request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Finds the {@code _csrf} hidden input (or meta tag) of a page, whatever the attribute order. */
    static String csrfOf(HttpResponse<String> page, String path) {
        Matcher tag = INPUT.matcher(page.body());
        while (tag.find()) {
            if (CSRF_NAME.matcher(tag.group()).find()) {
                Matcher value = VALUE.matcher(tag.group());
                if (value.find()) {
                    return value.group(1);
                }
            }
        }
        throw new AssertionError("no _csrf field on " + path + " (" + page.uri() + "):\n" + abbreviate(page.body()));
    }

    private static String form(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String abbreviate(String body) {
        return body.length() <= 3000 ? body : body.substring(0, 3000) + "...";
    }
}
