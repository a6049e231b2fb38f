package io.vigie.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.vigie.server.users.Role;

/**
 * Every console text exists in French and in English: the two bundles have the same keys, every
 * key a template or a console controller names exists, and every message with placeholders is a
 * valid {@link MessageFormat} without a straight apostrophe (which MessageFormat would swallow).
 */
class MessagesPagesTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Pattern KEY_IN_TEMPLATE = Pattern.compile("page\\.t\\(\"([a-zA-Z0-9_.-]+)\"\\s*[,)]");
    private static final Pattern KEY_IN_JAVA = Pattern.compile(
            "(?:page\\.t\\(|NOTICE, )\"([a-zA-Z0-9_.-]+)\"\\s*[,)]");

    @Test
    void frenchAndEnglishHaveTheSameKeys() throws IOException {
        assertThat(load("messages_en.properties").stringPropertyNames())
                .containsExactlyInAnyOrderElementsOf(load("messages_fr.properties").stringPropertyNames());
    }

    @Test
    void noKeyIsDefinedTwice() throws IOException {
        for (String bundle : List.of("messages_fr.properties", "messages_en.properties")) {
            // A second definition silently wins over the first: a key must be written once.
            Set<String> seen = new HashSet<>();
            List<String> twice = new ArrayList<>();
            for (String line : Files.readAllLines(RESOURCES.resolve(bundle), StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (!line.isBlank() && !line.startsWith("#") && eq > 0 && !seen.add(line.substring(0, eq).strip())) {
                    twice.add(line.substring(0, eq).strip());
                }
            }
            assertThat(twice).as(bundle).isEmpty();
        }
    }

    @Test
    void everyKeyUsedExistsInBothLanguages() throws IOException {
        Set<String> used = new TreeSet<>();
        collect(Path.of("src/main/jte"), ".jte", KEY_IN_TEMPLATE, used);
        collect(Path.of("src/main/java/io/vigie/server"), "Pages.java", KEY_IN_JAVA, used);
        collect(Path.of("src/main/java/io/vigie/server/web"), ".java", KEY_IN_JAVA, used);
        for (Role role : Role.values()) {
            used.add("users.role." + role);
        }
        for (String kind : List.of("generic", "400", "403", "404", "405", "409", "413", "500")) {
            used.add("error." + kind + ".title");
            used.add("error." + kind + ".text");
        }
        assertThat(used).hasSizeGreaterThan(150);
        for (String bundle : List.of("messages_fr.properties", "messages_en.properties")) {
            assertThat(load(bundle).stringPropertyNames()).as(bundle).containsAll(used);
        }
    }

    @Test
    void messagesWithPlaceholdersAreValidAndKeepTheirApostrophes() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (String bundle : List.of("messages_fr.properties", "messages_en.properties")) {
            Properties messages = load(bundle);
            for (String key : messages.stringPropertyNames()) {
                String text = messages.getProperty(key);
                if (text.isBlank()) {
                    wrong.add(bundle + " " + key + " is empty");
                }
                if (text.contains("{") && text.contains("'")) {
                    wrong.add(bundle + " " + key + " has a straight apostrophe: use ’");
                }
                if (text.contains("{")) {
                    try {
                        new MessageFormat(text, Locale.FRENCH).format(new Object[] { 2, 200, 0 });
                    } catch (IllegalArgumentException e) {
                        wrong.add(bundle + " " + key + ": " + e.getMessage());
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static void collect(Path root, String suffix, Pattern pattern, Set<String> keys) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(suffix)).toList()) {
                Matcher m = pattern.matcher(Files.readString(file));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(RESOURCES.resolve(name), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
