package io.vigie.agent;

import io.vigie.agent.log.AgentLogging;
import io.vigie.agent.metrics.db.DatabaseAddress;
import io.vigie.agent.metrics.db.DatabaseTarget;
import io.vigie.agent.metrics.db.DatabaseTarget.Engine;
import io.vigie.agent.transport.Spool;
import io.vigie.agent.heartbeat.Heartbeats;
import io.vigie.agent.metrics.StatusPages;
import io.vigie.agent.schedule.Periodic;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.logging.Level;

/**
 * Reads the agent's configuration: defaults, then the file ({@code /etc/vigie/agent.conf}, Java
 * properties), then environment variables {@code VIGIE_AGENT_<KEY>} (key upper-cased, dots and
 * dashes turned into underscores, e.g. {@code VIGIE_AGENT_SPOOL_MAX_BYTES}). The last one found
 * wins; {@code --state-dir} on the command line wins over all of them (applied by the caller).
 *
 * <p>The file is the one given by {@code --config}, else by {@code VIGIE_AGENT_CONFIG}, else the
 * default path. A missing default or environment-named file means defaults; a missing
 * {@code --config} file is an error, since the operator named it. An unknown key or a malformed
 * value is an error naming the key and where it came from (exit code 2).
 */
public final class ConfigLoader {

    /** Where the package installs the configuration file. */
    public static final Path DEFAULT_PATH = Path.of("/etc/vigie/agent.conf");

    /** The environment variable that names another configuration file. */
    public static final String CONFIG_ENV = "VIGIE_AGENT_CONFIG";

    static final String STATE_DIR = "state.dir";
    static final String HEARTBEAT_INTERVAL = "heartbeat.interval";
    static final String METRICS_INTERVAL = "metrics.interval";
    static final String SPOOL_MAX_BYTES = "spool.max-bytes";
    static final String LOG_LEVEL = "log.level";
    static final String NGINX_STATUS_URL = "nginx.status-url";
    static final String APACHE_STATUS_URL = "apache.status-url";
    static final String FIREWALL_ENABLED = "firewall.enabled";
    static final String DETECT_ENABLED = "detect.enabled";
    static final String DETECT_RULES_DIR = "detect.rules-dir";
    static final String DB_ADDRESS = "address";
    static final String DB_USER = "user";
    static final String DB_PASSWORD_FILE = "password-file";
    private static final Set<String> KEYS = Stream.concat(
            Stream.of(STATE_DIR, HEARTBEAT_INTERVAL, METRICS_INTERVAL, SPOOL_MAX_BYTES, LOG_LEVEL, NGINX_STATUS_URL,
                    APACHE_STATUS_URL, FIREWALL_ENABLED, DETECT_ENABLED, DETECT_RULES_DIR),
            Arrays.stream(Engine.values()).flatMap(e -> Stream.of(DB_ADDRESS, DB_USER, DB_PASSWORD_FILE).map(e::key)))
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "localhost");

    private ConfigLoader() {
    }

    /**
     * @param explicitFile the {@code --config} file, or {@code null}
     * @param env the process environment
     * @return the configuration
     * @throws CliException (exit code 2) when the file is missing though named, unreadable, or
     *     holds an unknown key or a malformed value
     */
    public static AgentConfig load(Path explicitFile, Map<String, String> env) throws CliException {
        Path file = explicitFile != null ? explicitFile
                : Optional.ofNullable(env.get(CONFIG_ENV)).filter(s -> !s.isBlank()).map(Path::of).orElse(DEFAULT_PATH);
        Properties properties = read(file, explicitFile != null);
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!KEYS.contains(key)) {
                throw CliException.usage("unknown setting '" + key + "' in " + file + " (known: "
                        + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
        }
        Source source = new Source(file, properties, env);
        Path stateDir = source.get(STATE_DIR, Path::of).orElse(AgentConfig.DEFAULT_STATE_DIR);
        Optional<Duration> interval = source.get(HEARTBEAT_INTERVAL, text -> interval(text, Heartbeats.MIN_INTERVAL));
        Duration metricsInterval = source.get(METRICS_INTERVAL, text -> interval(text, Periodic.MIN_INTERVAL))
                .orElse(AgentConfig.DEFAULT_METRICS_INTERVAL);
        long maxBytes = source.get(SPOOL_MAX_BYTES, ConfigLoader::spoolSize).orElse(Spool.DEFAULT_MAX_BYTES);
        Level level = source.get(LOG_LEVEL, AgentLogging::parseLevel).orElse(Level.INFO);
        StatusPages statusPages = new StatusPages(source.get(NGINX_STATUS_URL, ConfigLoader::statusUrl),
                source.get(APACHE_STATUS_URL, ConfigLoader::statusUrl));
        List<DatabaseTarget> databases = new ArrayList<>();
        for (Engine engine : Engine.values()) {
            database(source, engine).ifPresent(databases::add);
        }
        boolean firewall = source.get(FIREWALL_ENABLED, ConfigLoader::bool).orElse(true);
        AgentConfig.Detect detect = new AgentConfig.Detect(
                source.get(DETECT_ENABLED, ConfigLoader::bool).orElse(AgentConfig.Detect.DEFAULT.enabled()),
                source.get(DETECT_RULES_DIR, ConfigLoader::absolutePath).orElse(AgentConfig.Detect.DEFAULT.rulesDir()));
        return new AgentConfig(stateDir, interval, metricsInterval, maxBytes, level, statusPages, databases, firewall,
                detect);
    }

    /** @return the engine's server when its address is set; its other keys need the address */
    private static Optional<DatabaseTarget> database(Source source, Engine engine) throws CliException {
        Optional<DatabaseAddress> address = source.get(engine.key(DB_ADDRESS),
                text -> DatabaseAddress.parse(text, engine.defaultPort()));
        Optional<String> user = source.get(engine.key(DB_USER), ConfigLoader::databaseUser);
        Optional<Path> passwordFile = source.get(engine.key(DB_PASSWORD_FILE), ConfigLoader::absolutePath);
        if (address.isEmpty()) {
            if (user.isPresent() || passwordFile.isPresent()) {
                throw CliException.usage(engine.key(DB_USER) + " and " + engine.key(DB_PASSWORD_FILE) + " need "
                        + engine.key(DB_ADDRESS) + ", which is set neither in " + source.file() + " nor in "
                        + envName(engine.key(DB_ADDRESS)));
            }
            return Optional.empty();
        }
        return Optional.of(new DatabaseTarget(engine, address.get(), user.orElse(DatabaseTarget.DEFAULT_USER),
                passwordFile));
    }

    private static String databaseUser(String text) {
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7F) || text.length() > 63) {
            throw new IllegalArgumentException("'" + text + "' is not a user name (at most 63 characters, no control character)");
        }
        return text;
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
        };
    }

    private static Path absolutePath(String text) {
        Path path = Path.of(text);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("'" + text + "' is not an absolute path");
        }
        return path;
    }

    /** @return the environment variable that overrides {@code key} */
    static String envName(String key) {
        return "VIGIE_AGENT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Properties read(Path file, boolean mustExist) throws CliException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            if (mustExist) {
                throw CliException.usage("configuration file not found: " + file);
            }
        } catch (AccessDeniedException e) {
            throw CliException.usage("cannot read configuration file " + file
                    + ": permission denied (it is readable by root and the vigie-agent group)");
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.usage("cannot read configuration file " + file + ": " + e);
        }
        return properties;
    }

    private static Duration interval(String text, Duration minimum) {
        Duration interval = Settings.parseDuration(text);
        if (interval.compareTo(minimum) < 0) {
            throw new IllegalArgumentException("'" + text + "' is shorter than the minimum of "
                    + minimum.toString().substring(2).toLowerCase(Locale.ROOT));
        }
        return interval;
    }

    private static long spoolSize(String text) {
        long size = Settings.parseSize(text);
        if (size < Spool.MIN_MAX_BYTES) {
            throw new IllegalArgumentException("'" + text + "' is smaller than the minimum of 1MiB");
        }
        return size;
    }

    /** A status page: plain HTTP on this host only, so that the agent never polls another machine. */
    private static URI statusUrl(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            url = null;
        }
        if (url == null || !"http".equals(url.getScheme()) || url.getRawUserInfo() != null
                || !LOOPBACK_HOSTS.contains(String.valueOf(url.getHost())) || url.getRawFragment() != null) {
            // The value is not repeated: it might hold a password.
            throw new IllegalArgumentException("not an http:// URL on this host (127.0.0.1, [::1] or localhost) "
                    + "without user or password, e.g. http://127.0.0.1/nginx_status");
        }
        return url;
    }

    /** Looks a key up in the environment, then in the file, and parses it. */
    private record Source(Path file, Properties properties, Map<String, String> env) {

        <T> Optional<T> get(String key, Function<String, T> parser) throws CliException {
            String envName = envName(key);
            String value = env.get(envName);
            String origin = envName;
            if (value == null) {
                value = properties.getProperty(key);
                origin = file.toString();
            }
            if (value == null || value.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(parser.apply(value.strip()));
            } catch (IllegalArgumentException e) {
                throw CliException.usage("invalid setting " + key + " (from " + origin + "): " + e.getMessage());
            }
        }
    }
}
