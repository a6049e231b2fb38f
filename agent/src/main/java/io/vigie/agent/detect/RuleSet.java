package io.vigie.agent.detect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The rules in force: the built-in ones (YAML resources of the agent's jar), then the operator's
 * ({@code *.yaml} of a directory, in name order). An operator rule with the name of a built-in
 * one replaces it, and {@code enabled: false} removes it. The set is validated as a whole: one
 * refused file, or a name used twice among the built-in rules or among the operator's, refuses it.
 *
 * <p>Invariants: immutable; names unique; only enabled rules listed.
 */
public final class RuleSet {

    /** The directory the agent reads operator rules from by default. */
    public static final Path DEFAULT_DIR = Path.of("/etc/vigie/detect.d");

    /** The built-in rule files, resources under {@code /io/vigie/agent/detect/rules/}. */
    static final List<String> BUILT_IN = List.of("sshd.yaml", "postfix.yaml", "dovecot.yaml", "http.yaml",
            "ftp.yaml", "mysql.yaml");

    private static final long MAX_FILE_BYTES = 1 << 20;

    private final List<Rule> rules;

    private RuleSet(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** @return the built-in rules alone */
    public static RuleSet builtIn() {
        try {
            return new RuleSet(enabled(builtInRules()));
        } catch (RuleException e) {
            throw new IllegalStateException("a built-in rule is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * @param dir the operator's directory; a missing one holds no rule
     * @return the built-in rules with the operator's applied
     * @throws RuleException when a file is refused, unreadable, or a name is used twice
     */
    public static RuleSet load(Path dir) throws RuleException {
        Map<String, Rule> byName = new LinkedHashMap<>();
        builtInRules().forEach(rule -> byName.put(rule.name(), rule));
        Map<String, Path> operators = new LinkedHashMap<>();
        for (Path file : files(dir)) {
            for (Rule rule : RuleParser.parse(file.toString(), read(file))) {
                Path previous = operators.put(rule.name(), file);
                if (previous != null) {
                    throw new RuleException(file + ": rule '" + rule.name() + "': name already used in " + previous);
                }
                byName.put(rule.name(), rule);
            }
        }
        return new RuleSet(enabled(List.copyOf(byName.values())));
    }

    /**
     * @param rules validated rules
     * @return a set of exactly these (tests, benchmarks)
     */
    public static RuleSet of(List<Rule> rules) {
        return new RuleSet(enabled(rules));
    }

    /**
     * @param names rule names
     * @return this set restricted to these rules
     * @throws RuleException when a name is not a rule of this set
     */
    public RuleSet only(Set<String> names) throws RuleException {
        Set<String> unknown = new TreeSet<>(names);
        rules.forEach(rule -> unknown.remove(rule.name()));
        if (!unknown.isEmpty()) {
            throw new RuleException("no rule named " + String.join(", ", unknown));
        }
        return new RuleSet(rules.stream().filter(rule -> names.contains(rule.name())).toList());
    }

    /** @return the enabled rules */
    public List<Rule> rules() {
        return rules;
    }

    private static List<Rule> builtInRules() throws RuleException {
        List<Rule> rules = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (String name : BUILT_IN) {
            String yaml;
            try (InputStream in = RuleSet.class.getResourceAsStream("rules/" + name)) {
                if (in == null) {
                    throw new RuleException("built-in rule file " + name + " is missing from the jar");
                }
                yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new RuleException("built-in rule file " + name + ": " + e);
            }
            for (Rule rule : RuleParser.parse("built-in " + name, yaml)) {
                String previous = seen.put(rule.name(), name);
                if (previous != null) {
                    throw new RuleException(name + ": rule '" + rule.name() + "': name already used in " + previous);
                }
                rules.add(rule);
            }
        }
        return rules;
    }

    private static List<Path> files(Path dir) throws RuleException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new RuleException(dir + ": cannot list the rule files: " + e);
        }
    }

    private static String read(Path file) throws RuleException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new RuleException(file + ": larger than 1 MiB");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleException(file + ": cannot read: " + e);
        }
    }

    private static List<Rule> enabled(List<Rule> rules) {
        return rules.stream().filter(Rule::enabled).toList();
    }
}
