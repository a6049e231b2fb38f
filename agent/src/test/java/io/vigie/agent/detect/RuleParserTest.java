package io.vigie.agent.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleParserTest {

    /** The example of docs/detection.md. */
    static final String VALID = """
            name: sshd-custom
            description: Failed SSH passwords
            sources:
              files: [/var/log/auth.log]
              journal: [ssh.service]
            patterns:
              - 'sshd\\[\\d+\\]: Failed password for (?:invalid user )?(?<user>\\S{1,64}) from (?<ip>[0-9A-Fa-f.:]{3,45}) port \\d+'
            prefilter: 'sshd['
            scenario:
              group-by: ip
              capacity: 5
              leak: 1/1m
              distinct: user
            ban:
              duration: 4h
              scope: network
            """;

    @TempDir
    Path dir;

    @Test
    void readsAValidRuleIntoItsRecord() throws RuleException {
        Rule rule = RuleParser.parse("custom.yaml", VALID).getFirst();

        assertThat(rule.name()).isEqualTo("sshd-custom");
        assertThat(rule.files()).containsExactly("/var/log/auth.log");
        assertThat(rule.journal()).containsExactly("ssh.service");
        assertThat(rule.prefilter()).containsExactly("sshd[");
        assertThat(rule.scenario()).isEqualTo(new Rule.Scenario("ip", 5, Duration.ofMinutes(1), "user"));
        assertThat(rule.ban()).isEqualTo(new Rule.Ban(Duration.ofHours(4), true));
        assertThat(rule.match("Nov 26 10:00:00 h sshd[12]: Failed password for root from 203.0.113.5 port 22 ssh2"))
                .isEqualTo(new Rule.Match("203.0.113.5", "203.0.113.5", "root"));
    }

    @Test
    void aLeakRateDividesItsDuration() throws RuleException {
        Rule rule = RuleParser.parse("f.yaml", VALID.replace("leak: 1/1m", "leak: 10/1s")).getFirst();

        assertThat(rule.scenario().leakEvery()).isEqualTo(Duration.ofMillis(100));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ~ ", quoteCharacter = '"', value = {
        "name: sshd-custom ~ name: SSHD_custom ~ 'name' must be 1 to 64 characters",
        "description: Failed SSH passwords ~ colour: red ~ unknown key 'colour'",
        "distinct: user ~ distinct: user\\n  burst: 3 ~ unknown key 'scenario.burst'",
        "(?<ip>[0-9A-Fa-f.:]{3,45}) ~ ([0-9A-Fa-f.:]{3,45}) ~ has no named group 'ip'",
        "distinct: user ~ distinct: host ~ has no named group 'host'",
        "group-by: ip ~ group-by: port ~ has no named group 'port'",
        "capacity: 5 ~ capacity: 0.5 ~ scenario.capacity must be a whole number from 0 to 100000",
        "capacity: 5 ~ capacity: 100001 ~ scenario.capacity must be a whole number",
        "capacity: 5 ~ capacity: -1 ~ scenario.capacity must be a whole number",
        "leak: 1/1m ~ leak: fast ~ scenario.leak must be <events>/<duration>",
        "leak: 1/1m ~ leak: 0/1m ~ scenario.leak must be <events>/<duration>",
        "leak: 1/1m ~ leak: 1/30d ~ one event leaking every 1ms to 7d",
        "duration: 4h ~ duration: 30s ~ ban.duration must be between 1m and 365d",
        "duration: 4h ~ duration: forever ~ ban.duration: 'forever' is not a duration",
        "scope: network ~ scope: planet ~ ban.scope must be 'address' or 'network'",
        "port \\d+' ~ port (\\d+' ~ pattern does not compile: Unclosed group",
        "(?:invalid user )? ~ (?:(?:invalid )+user )* ~ can backtrack catastrophically: nested quantifiers",
        "(?:invalid user )? ~ (?:\\w|\\d)+ ~ can backtrack catastrophically: ambiguous alternatives",
        "prefilter: 'sshd[' ~ prefilter: 'sshd€' ~ prefilter 'sshd€' must be printable ASCII",
        "files: [/var/log/auth.log] ~ files: [auth.log] ~ sources.files: 'auth.log' is not an absolute path",
        "journal: [ssh.service] ~ journal: [ssh service] ~ sources.journal: 'ssh service' is not a systemd unit name",
        "ban: ~ bans: ~ unknown key 'bans'"})
    void aWrongRuleIsRefusedNamingTheFileTheRuleAndTheReason(String from, String to, String reason) {
        String yaml = VALID.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        assertThat(yaml).isNotEqualTo(VALID);

        assertThatThrownBy(() -> RuleParser.parse("/etc/vigie/detect.d/custom.yaml", yaml))
                .isInstanceOf(RuleException.class)
                .hasMessageStartingWith("/etc/vigie/detect.d/custom.yaml: rule '")
                .hasMessageContaining(reason);
    }

    @Test
    void missingPartsAndBrokenYamlAreRefused() {
        assertThatThrownBy(() -> RuleParser.parse("a.yaml", "name: x\nsources: {files: [/var/log/a]}\n"))
                .hasMessage("a.yaml: rule 'x': missing 'scenario'");
        assertThatThrownBy(() -> RuleParser.parse("b.yaml", "name: x\nscenario: {capacity: 1}\n"))
                .hasMessage("b.yaml: rule 'x': missing 'sources'");
        assertThatThrownBy(() -> RuleParser.parse("c.yaml", "name: [x\n"))
                .hasMessageStartingWith("c.yaml: not valid YAML");
        assertThatThrownBy(() -> RuleParser.parse("d.yaml", "- just\n- a list\n"))
                .hasMessage("d.yaml: a rule must be a mapping of keys to values");
        assertThatThrownBy(() -> RuleParser.parse("e.yaml", "name: x\nname: y\n"))
                .hasMessageStartingWith("e.yaml: not valid YAML").hasMessageContaining("name");
    }

    @Test
    void operatorRulesReplaceOrDisableBuiltInOnesAndANameUsedTwiceIsRefused() throws IOException, RuleException {
        int builtIn = RuleSet.builtIn().rules().size();
        Files.writeString(dir.resolve("10-off.yaml"), "name: http-request-flood\nenabled: false\n");
        Files.writeString(dir.resolve("20-mine.yaml"), VALID + "---\n" + VALID.replace("sshd-custom", "sshd-failed-password")
                .replace("capacity: 5", "capacity: 2"));
        Files.writeString(dir.resolve("notes.txt"), "not a rule file");

        List<Rule> rules = RuleSet.load(dir).rules();

        assertThat(rules).hasSize(builtIn);
        assertThat(rules).extracting(Rule::name).doesNotContain("http-request-flood").contains("sshd-custom");
        assertThat(rules).filteredOn(rule -> rule.name().equals("sshd-failed-password"))
                .singleElement().extracting(rule -> rule.scenario().capacity()).isEqualTo(2);

        Files.writeString(dir.resolve("30-again.yaml"), VALID);
        assertThatThrownBy(() -> RuleSet.load(dir)).isInstanceOf(RuleException.class)
                .hasMessage(dir.resolve("30-again.yaml") + ": rule 'sshd-custom': name already used in "
                        + dir.resolve("20-mine.yaml"));
    }

    @Test
    void theWholeSetIsRefusedWhenOneFileIs() throws IOException {
        Files.writeString(dir.resolve("good.yaml"), VALID);
        Files.writeString(dir.resolve("bad.yaml"), VALID.replace("sshd-custom", "other").replace("(?<ip>", "(?<addr>"));

        assertThatThrownBy(() -> RuleSet.load(dir)).hasMessageContaining("bad.yaml: rule 'other': pattern")
                .hasMessageContaining("has no named group 'ip'");
    }

    @Test
    void aMissingDirectoryMeansTheBuiltInRules() throws RuleException {
        assertThat(RuleSet.load(dir.resolve("absent")).rules()).hasSameSizeAs(RuleSet.builtIn().rules());
    }
}
