package io.vigie.agent.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Leaky buckets and repeat offenders, with a clock the test moves. */
class ScenarioTest {

    /** A clock that moves only when told. */
    static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-11-26T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();
    private final List<Detection> detections = new ArrayList<>();

    private static Rule rule(String name, String scenario) throws RuleException {
        return RuleParser.parse(name + ".yaml", """
                name: %s
                sources: {files: [/var/log/test.log]}
                patterns: ['(?<kind>login|probe) failed for (?<user>\\S+) from (?<ip>[0-9a-f.:]+)']
                scenario: %s
                ban: {duration: 2h}
                """.formatted(name, scenario)).getFirst();
    }

    private Detector detector(Rule... rules) {
        return new Detector(RuleSet.of(List.of(rules)), clock, detections::add, (r, m) -> { });
    }

    private static String line(String user, String ip) {
        return "app[1]: login failed for " + user + " from " + ip;
    }

    @Test
    void theEventAfterTheCapacityTriggersAndEmptiesTheBucket() throws RuleException {
        Detector detector = detector(rule("five", "{capacity: 5, leak: 1/1m}"));

        for (int i = 0; i < 5; i++) {
            detector.line(line("root", "203.0.113.5"));
        }
        assertThat(detections).isEmpty();
        detector.line(line("root", "203.0.113.5"));

        assertThat(detections).singleElement().satisfies(d -> {
            assertThat(d.rule()).isEqualTo("five");
            assertThat(d.address()).isEqualTo("203.0.113.5");
            assertThat(d.events()).isEqualTo(6);
            assertThat(d.banFor()).isEqualTo(Duration.ofHours(2));
            assertThat(d.network()).isFalse();
            assertThat(d.at()).isEqualTo(clock.instant());
            assertThat(d.samples()).hasSize(3).allMatch(sample -> sample.contains("203.0.113.5"));
        });
        assertThat(detector.bucketCount()).isZero();
    }

    @Test
    void eventsSpacedByTheLeakRateNeverTrigger() throws RuleException {
        Detector detector = detector(rule("slow", "{capacity: 2, leak: 1/1m}"));

        for (int i = 0; i < 100; i++) {
            detector.line(line("root", "203.0.113.5"));
            clock.advance(Duration.ofSeconds(61));
        }
        assertThat(detections).isEmpty();

        detector.line(line("root", "203.0.113.5"));
        detector.line(line("root", "203.0.113.5"));
        clock.advance(Duration.ofSeconds(60));
        detector.line(line("root", "203.0.113.5"));
        assertThat(detections).as("one event leaked out").isEmpty();
        detector.line(line("root", "203.0.113.5"));
        assertThat(detections).hasSize(1);
    }

    @Test
    void eachGroupValueHasItsOwnBucket() throws RuleException {
        Detector detector = detector(rule("each", "{capacity: 1, leak: 1/1h}"), rule("byuser",
                "{group-by: user, capacity: 2, leak: 1/1h}"));

        detector.line(line("alice", "203.0.113.1"));
        detector.line(line("alice", "203.0.113.2"));
        detector.line(line("alice", "203.0.113.3"));

        assertThat(detections).extracting(Detection::rule, Detection::address)
                .containsExactly(Tuple.tuple("byuser", "203.0.113.3"));
    }

    @Test
    void distinctCountsNewValuesOnly() throws RuleException {
        Detector detector = detector(rule("users", "{capacity: 2, leak: 1/1h, distinct: user}"));

        for (int i = 0; i < 10; i++) {
            detector.line(line("root", "203.0.113.5"));
            detector.line(line("admin", "203.0.113.5"));
        }
        assertThat(detections).isEmpty();
        detector.line(line("oracle", "203.0.113.5"));

        assertThat(detections).singleElement().extracting(Detection::events).isEqualTo(3);
    }

    @Test
    void idleBucketsAreEvictedAndTheirNumberIsBounded() throws RuleException {
        Detector detector = detector(rule("many", "{capacity: 5, leak: 1/1m}"));

        for (int i = 0; i < Detector.MAX_BUCKETS + 500; i++) {
            detector.line(line("root", "10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff)));
        }
        assertThat(detector.bucketCount()).isEqualTo(Detector.MAX_BUCKETS);

        clock.advance(Duration.ofSeconds(59));
        detector.evictIdle();
        assertThat(detector.bucketCount()).isEqualTo(Detector.MAX_BUCKETS);
        clock.advance(Duration.ofSeconds(1));
        detector.evictIdle();
        assertThat(detector.bucketCount()).isZero();
    }

    @Test
    void theBucketsAreSharedAmongTheRulesAndTheOldestIsEvictedFirst() throws RuleException {
        Detector detector = detector(rule("a", "{capacity: 1, leak: 1/1h}"), rule("b", "{capacity: 1, leak: 1/1h}"));
        int share = Detector.MAX_BUCKETS / 2;

        detector.line(line("root", "203.0.113.5"));
        for (int i = 0; i < share; i++) {
            detector.line(line("root", "10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff)));
        }
        detector.line(line("root", "203.0.113.5"));

        assertThat(detector.bucketCount()).isEqualTo(Detector.MAX_BUCKETS);
        assertThat(detections).as("the first event of 203.0.113.5 was evicted").isEmpty();
    }

    @Test
    void threeDetectionsOfOneAddressWithin24HoursMakeARepeatOffender() throws RuleException {
        Detector detector = detector(rule("quick", "{capacity: 0, leak: 1/1m}"));

        detector.line(line("root", "203.0.113.5"));
        clock.advance(Duration.ofHours(12));
        detector.line(line("root", "203.0.113.5"));
        detector.line(line("root", "198.51.100.1"));
        clock.advance(Duration.ofHours(11));
        detector.line(line("root", "203.0.113.5"));

        assertThat(detections).extracting(Detection::rule)
                .containsExactly("quick", "quick", "quick", "quick", RepeatOffenders.RULE);
        Detection repeat = detections.getLast();
        assertThat(repeat.address()).isEqualTo("203.0.113.5");
        assertThat(repeat.banFor()).isEqualTo(Duration.ofDays(7));
        assertThat(repeat.samples()).hasSize(3).allMatch(sample -> sample.startsWith("quick at "));
    }

    @Test
    void detectionsSpreadOverMoreThan24HoursAreNotRepeatOffences() throws RuleException {
        Detector detector = detector(rule("quick", "{capacity: 0, leak: 1/1m}"));

        for (int i = 0; i < 5; i++) {
            detector.line(line("root", "203.0.113.5"));
            clock.advance(Duration.ofHours(13));
        }

        assertThat(detections).extracting(Detection::rule).containsOnly("quick");
    }

    @Test
    void replacingTheRulesKeepsTheBucketsOfUnchangedScenarios() throws RuleException {
        Rule kept = rule("kept", "{capacity: 1, leak: 1/1h}");
        Rule changed = rule("changed", "{capacity: 1, leak: 1/1h}");
        Detector detector = detector(kept, changed);
        detector.line(line("root", "203.0.113.5"));

        detector.replace(RuleSet.of(List.of(kept, rule("changed", "{capacity: 1, leak: 1/2h}"))));
        detector.line(line("root", "203.0.113.5"));

        assertThat(detections).extracting(Detection::rule).containsExactly("kept");
    }
}
