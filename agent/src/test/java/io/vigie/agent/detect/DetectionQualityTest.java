package io.vigie.agent.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of every built-in rule over the labelled corpus
 * ({@code src/test/resources/detect/corpus}: each line names the rules it must trigger, or
 * {@code none}). Every rule runs over every line of every file, through the engine (prefilter and
 * patterns), so a rule that fires on another service's lines counts against it. Prints the table
 * kept in {@code docs/detection.md}.
 */
class DetectionQualityTest {

    private static final double MIN_PRECISION = 0.95;
    private static final double MIN_RECALL = 0.9;
    private static final int MIN_POSITIVES = 5;

    /** A corpus line and its labels. */
    private record Labelled(Set<String> rules, String line) {
    }

    /** The counts of one rule. */
    private static final class Score {
        int truePositives;
        int falsePositives;
        int falseNegatives;

        double precision() {
            return truePositives + falsePositives == 0 ? 0 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 0 : (double) truePositives / (truePositives + falseNegatives);
        }
    }

    @Test
    void everyBuiltInRuleFindsItsAttacksAndLeavesNormalTrafficAlone() throws IOException, URISyntaxException {
        RuleSet rules = RuleSet.builtIn();
        List<Labelled> corpus = corpus();
        Set<String> names = new HashSet<>(rules.rules().stream().map(Rule::name).toList());
        corpus.forEach(labelled -> assertThat(names).as("labels of: %s", labelled.line()).containsAll(labelled.rules()));

        Set<String> fired = new HashSet<>();
        Detector detector = new Detector(rules, Clock.systemUTC(), detection -> { },
                (rule, match) -> fired.add(rule.name()));
        Map<String, Score> scores = new LinkedHashMap<>();
        rules.rules().forEach(rule -> scores.put(rule.name(), new Score()));
        List<String> mistakes = new ArrayList<>();
        for (Labelled labelled : corpus) {
            fired.clear();
            detector.line(labelled.line());
            scores.forEach((rule, score) -> {
                boolean expected = labelled.rules().contains(rule);
                boolean actual = fired.contains(rule);
                if (expected && actual) {
                    score.truePositives++;
                } else if (actual) {
                    score.falsePositives++;
                    mistakes.add("false positive " + rule + ": " + labelled.line());
                } else if (expected) {
                    score.falseNegatives++;
                    mistakes.add("false negative " + rule + ": " + labelled.line());
                }
            });
        }

        print(scores, corpus.size());
        scores.forEach((rule, score) -> {
            assertThat(score.truePositives + score.falseNegatives).as("attack lines of %s", rule)
                    .isGreaterThanOrEqualTo(MIN_POSITIVES);
            assertThat(score.precision()).as("precision of %s; %s", rule, mistakes).isGreaterThanOrEqualTo(MIN_PRECISION);
            assertThat(score.recall()).as("recall of %s; %s", rule, mistakes).isGreaterThanOrEqualTo(MIN_RECALL);
        });
    }

    private static void print(Map<String, Score> scores, int lines) {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "Corpus: %d lines%n%n", lines));
        table.append("| rule | attack lines | found | false positives | missed | precision | recall |\n");
        table.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        scores.forEach((rule, s) -> table.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.3f | %.3f |%n",
                rule, s.truePositives + s.falseNegatives, s.truePositives, s.falsePositives, s.falseNegatives,
                s.precision(), s.recall())));
        System.out.print(table);
    }

    private static List<Labelled> corpus() throws IOException, URISyntaxException {
        Path dir = Path.of(DetectionQualityTest.class.getResource("/detect/corpus").toURI());
        List<Labelled> corpus = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    int space = line.indexOf(' ');
                    String labels = line.substring(0, space);
                    corpus.add(new Labelled(labels.equals("none") ? Set.of() : Set.of(labels.split(",")),
                            line.substring(space + 1)));
                }
            }
        }
        return corpus;
    }
}
