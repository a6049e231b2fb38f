package io.vigie.agent.detect;

import io.vigie.agent.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the rules of one YAML file (one rule per document, documents separated by {@code ---})
 * and validates each completely: known keys only, a name {@code [a-z0-9-]+}, patterns that
 * compile, have the needed groups and pass {@link BacktrackingCheck}, a scenario and a ban in
 * range. The first problem refuses the whole file with a {@link RuleException} naming the file,
 * the rule and the reason; nothing of a refused file is used.
 */
public final class RuleParser {

    /** The largest bucket capacity. */
    public static final int MAX_CAPACITY = 100_000;

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9@._:-]{1,128}");
    private static final Pattern LEAK = Pattern.compile("(\\d{1,6})/(\\S{1,16})");
    private static final Set<String> TOP = Set.of("name", "description", "enabled", "sources", "patterns",
            "prefilter", "scenario", "ban");
    private static final Set<String> SOURCES = Set.of("files", "journal");
    private static final Set<String> SCENARIO = Set.of("group-by", "capacity", "leak", "distinct");
    private static final Set<String> BAN = Set.of("duration", "scope");
    private static final Duration MIN_BAN = Duration.ofMinutes(1);
    private static final Duration MAX_BAN = Duration.ofDays(365);

    private RuleParser() {
    }

    /**
     * @param file the file's name, for messages
     * @param yaml its content
     * @return its rules, in order
     * @throws RuleException on the first problem
     */
    public static List<Rule> parse(String file, String yaml) throws RuleException {
        List<Rule> rules = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                rules.add(rule(file, document));
            }
        } catch (JacksonException e) {
            throw new RuleException(file + ": not valid YAML: " + e.getOriginalMessage());
        }
        return rules;
    }

    private static Rule rule(String file, JsonNode node) throws RuleException {
        if (!node.isObject()) {
            throw new RuleException(file + ": a rule must be a mapping of keys to values");
        }
        String name = node.path("name").isString() ? node.get("name").stringValue() : null;
        Problem problem = new Problem(file, name);
        if (name == null || !NAME.matcher(name).matches()) {
            throw problem.of("'name' must be 1 to 64 characters among a-z, 0-9 and '-'");
        }
        problem.keys(node, TOP, "");
        boolean enabled = !node.has("enabled") || problem.bool(node.get("enabled"), "enabled");
        if (!enabled) {
            return new Rule(name, "", false, List.of(), List.of(), List.of(), List.of(), null, null);
        }
        JsonNode sources = problem.required(node, "sources");
        problem.keys(sources, SOURCES, "sources.");
        List<String> files = problem.strings(sources.path("files"), "sources.files");
        for (String path : files) {
            if (!path.startsWith("/")) {
                throw problem.of("sources.files: '" + path + "' is not an absolute path");
            }
        }
        List<String> units = problem.strings(sources.path("journal"), "sources.journal");
        for (String unit : units) {
            if (!UNIT.matcher(unit).matches()) {
                throw problem.of("sources.journal: '" + unit + "' is not a systemd unit name");
            }
        }
        if (files.isEmpty() && units.isEmpty()) {
            throw problem.of("sources must name at least one file or journal unit");
        }
        JsonNode scenarioNode = problem.required(node, "scenario");
        problem.keys(scenarioNode, SCENARIO, "scenario.");
        Rule.Scenario scenario = scenario(problem, scenarioNode);
        List<Pattern> patterns = patterns(problem, node, scenario);
        List<String> prefilter = node.path("prefilter").isString() ? List.of(node.get("prefilter").stringValue())
                : problem.strings(node.path("prefilter"), "prefilter");
        for (String literal : prefilter) {
            if (literal.isEmpty() || literal.chars().anyMatch(c -> c < 0x20 || c > 0x7E)) {
                throw problem.of("prefilter '" + literal + "' must be printable ASCII, not empty");
            }
        }
        JsonNode banNode = problem.required(node, "ban");
        problem.keys(banNode, BAN, "ban.");
        Duration duration = problem.duration(problem.required(banNode, "duration"), "ban.duration");
        if (duration.compareTo(MIN_BAN) < 0 || duration.compareTo(MAX_BAN) > 0) {
            throw problem.of("ban.duration must be between 1m and 365d");
        }
        String scope = banNode.has("scope") ? problem.string(banNode.get("scope"), "ban.scope") : "address";
        if (!scope.equals("address") && !scope.equals("network")) {
            throw problem.of("ban.scope must be 'address' or 'network', not '" + scope + "'");
        }
        String description = node.has("description") ? problem.string(node.get("description"), "description") : "";
        return new Rule(name, description, true, files, units, patterns, prefilter, scenario,
                new Rule.Ban(duration, scope.equals("network")));
    }

    private static Rule.Scenario scenario(Problem problem, JsonNode node) throws RuleException {
        JsonNode capacityNode = problem.required(node, "capacity");
        if (!capacityNode.isInt() || capacityNode.intValue() < 0 || capacityNode.intValue() > MAX_CAPACITY) {
            throw problem.of("scenario.capacity must be a whole number from 0 to " + MAX_CAPACITY);
        }
        String leakText = problem.string(problem.required(node, "leak"), "scenario.leak");
        Matcher leak = LEAK.matcher(leakText);
        Duration every = null;
        if (leak.matches() && Integer.parseInt(leak.group(1)) > 0) {
            Duration per = problem.duration(leak.group(2), "scenario.leak");
            every = per.dividedBy(Integer.parseInt(leak.group(1)));
        }
        if (every == null || every.compareTo(Duration.ofMillis(1)) < 0 || every.compareTo(Duration.ofDays(7)) > 0) {
            throw problem.of("scenario.leak must be <events>/<duration> such as 1/1m or 10/1s, "
                    + "one event leaking every 1ms to 7d, not '" + leakText + "'");
        }
        String groupBy = node.has("group-by") ? problem.string(node.get("group-by"), "scenario.group-by") : "ip";
        String distinct = node.has("distinct") ? problem.string(node.get("distinct"), "scenario.distinct") : null;
        return new Rule.Scenario(groupBy, capacityNode.intValue(), every, distinct);
    }

    private static List<Pattern> patterns(Problem problem, JsonNode node, Rule.Scenario scenario) throws RuleException {
        List<String> texts = problem.strings(problem.required(node, "patterns"), "patterns");
        if (texts.isEmpty()) {
            throw problem.of("patterns must list at least one pattern");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String text : texts) {
            Pattern pattern;
            try {
                pattern = Pattern.compile(text);
            } catch (PatternSyntaxException e) {
                throw problem.of("pattern does not compile: " + e.getDescription() + " near index " + e.getIndex()
                        + " of '" + text + "'");
            }
            Map<String, Integer> groups = pattern.namedGroups();
            for (String group : new String[] {"ip", scenario.groupBy(), scenario.distinct()}) {
                if (group != null && !groups.containsKey(group)) {
                    throw problem.of("pattern '" + text + "' has no named group '" + group + "'");
                }
            }
            String backtracking = BacktrackingCheck.problem(text);
            if (backtracking != null) {
                throw problem.of("pattern '" + text + "' can backtrack catastrophically: " + backtracking);
            }
            patterns.add(pattern);
        }
        return patterns;
    }

    /** Builds the messages of one rule and reads its typed values. */
    private record Problem(String file, String rule) {

        RuleException of(String reason) {
            return new RuleException(file + ": rule '" + (rule == null ? "?" : rule) + "': " + reason);
        }

        void keys(JsonNode node, Set<String> known, String prefix) throws RuleException {
            if (!node.isObject()) {
                throw of(prefix.isEmpty() ? "not a mapping" : prefix.substring(0, prefix.length() - 1)
                        + " must be a mapping");
            }
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (!known.contains(entry.getKey())) {
                    throw of("unknown key '" + prefix + entry.getKey() + "'");
                }
            }
        }

        JsonNode required(JsonNode node, String key) throws RuleException {
            if (!node.has(key) || node.get(key).isNull()) {
                throw of("missing '" + key + "'");
            }
            return node.get(key);
        }

        String string(JsonNode node, String key) throws RuleException {
            if (!node.isString()) {
                throw of(key + " must be a string");
            }
            return node.stringValue();
        }

        boolean bool(JsonNode node, String key) throws RuleException {
            if (!node.isBoolean()) {
                throw of(key + " must be true or false");
            }
            return node.booleanValue();
        }

        List<String> strings(JsonNode node, String key) throws RuleException {
            if (node.isMissingNode()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw of(key + " must be a list");
            }
            List<String> values = new ArrayList<>();
            for (JsonNode item : node) {
                values.add(string(item, key));
            }
            return values;
        }

        Duration duration(JsonNode node, String key) throws RuleException {
            return duration(string(node, key), key);
        }

        Duration duration(String text, String key) throws RuleException {
            try {
                return Settings.parseDuration(text);
            } catch (IllegalArgumentException e) {
                throw of(key + ": " + e.getMessage());
            }
        }
    }
}
