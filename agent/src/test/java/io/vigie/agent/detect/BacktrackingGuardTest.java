package io.vigie.agent.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.agent.testing.LogCapture;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BacktrackingGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"(a+)+b", "(.*)*x", "(?:\\S+ )*end", "(x+x+)+y", "^(\\w+\\s?)*$", "(a*)+", "(a+){2,}",
        "(?:[a-z]+\\d?){1,10}!", "(\\w|\\d)+!", "(a|ab)*c", "(?:a|a)+", "(?i:(?:A|a)+)", "(?:[0-9a-f]|\\d)+z",
        "(?:x|(?:y|x))*!", "(?:.|\\n)*$", "(?:(?=a)a+)+b"})
    void refusesPatternsThatCanBacktrackExponentially(String regex) {
        Pattern.compile(regex);
        assertThat(BacktrackingCheck.problem(regex)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"(?:\\S++ )*end", "(?>\\S+ )*end", "(?:\\d{1,3}\\.){3}\\d{1,3}", "(?:a|b)+", "(a+)?b",
        "[^\\]]+\\]", "(?:ab|cd)*", "\\Q(a+)+\\E", "(?<ip>[0-9A-Fa-f.:]{3,45}) port \\d+", "(?:\\+|%(?:20|29)){1,3}",
        "(?:[\\s+/*()]|%[0-9a-f]{2}){1,40}select", ".*.*.*x"})
    void acceptsLinearAndPossessiveForms(String regex) {
        Pattern.compile(regex);
        assertThat(BacktrackingCheck.problem(regex)).isNull();
    }

    @Test
    void theMessageNamesThePartAndTheWayOut() {
        assertThat(BacktrackingCheck.problem("^x (a+)+$")).startsWith("nested quantifiers in '(a+)+'")
                .contains("possessive");
        assertThat(BacktrackingCheck.problem("(\\w|\\d)+")).startsWith("ambiguous alternatives in '(\\w|\\d)+'");
    }

    @Test
    void everyBuiltInPatternPassesTheCheck() {
        RuleSet.builtIn().rules().forEach(rule -> rule.patterns()
                .forEach(pattern -> assertThat(BacktrackingCheck.problem(pattern.pattern())).as(rule.name()).isNull()));
    }

    @Test
    void thePolynomialPatternThatPassesTheCheckIsStoppedAtRunTime() {
        String regex = "(?<ip>\\S+).*.*.*.*.*.*Z";
        assertThat(BacktrackingCheck.problem(regex)).isNull();
        String line = "203.0.113.5 " + "a".repeat(2_000);

        assertThatThrownBy(() -> Pattern.compile(regex).matcher(new BudgetedText(line)).find())
                .isInstanceOf(BudgetedText.BudgetExceeded.class);
    }

    @Test
    void aLinearPatternOnALongLineStaysWithinItsBudget() {
        String line = "x".repeat(16 * 1024) + " from 203.0.113.5 port 22";
        var matcher = Pattern.compile("from (?<ip>[0-9.]{7,15}) port \\d+").matcher(new BudgetedText(line));

        assertThat(matcher.find()).isTrue();
        assertThat(matcher.group("ip")).isEqualTo("203.0.113.5");
    }

    @Test
    void theEngineSkipsALinePastTheBudgetCountsItAndGoesOn() throws RuleException {
        Rule slow = RuleParser.parse("slow.yaml", """
                name: slow
                sources: {files: [/var/log/slow.log]}
                patterns: ['^(?<ip>[0-9.]{7,15}) .*.*.*.*.*.*Z']
                scenario: {capacity: 0, leak: 1/1m}
                ban: {duration: 1h}
                """).getFirst();
        List<Detection> detections = new ArrayList<>();
        Detector detector = new Detector(RuleSet.of(List.of(slow)), Clock.systemUTC(), detections::add, (r, m) -> { });

        try (LogCapture log = LogCapture.of(Detector.class.getName())) {
            detector.line("203.0.113.5 " + "a".repeat(3_000));
            detector.line("203.0.113.6 aaaZ");

            assertThat(log.count("event=detect.pattern-over-budget rule=slow lines=1")).isOne();
        }
        assertThat(detector.overBudget()).containsEntry("slow", 1L);
        assertThat(detections).extracting(Detection::address).containsExactly("203.0.113.6");
    }
}
