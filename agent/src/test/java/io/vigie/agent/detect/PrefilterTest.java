package io.vigie.agent.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefilterTest {

    private static Rule rule(String name, String prefilter) throws RuleException {
        return RuleParser.parse(name + ".yaml", """
                name: %s
                sources: {files: [/var/log/a.log]}
                patterns: ['(?<ip>[0-9.]+)']
                prefilter: %s
                scenario: {capacity: 1, leak: 1/1m}
                ban: {duration: 1h}
                """.formatted(name, prefilter)).getFirst();
    }

    private static boolean[] hits(Prefilter prefilter, int rules, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        prefilter.scan(bytes, 0, bytes.length);
        boolean[] hits = new boolean[rules];
        for (int i = 0; i < rules; i++) {
            hits[i] = prefilter.hit(i);
        }
        return hits;
    }

    @Test
    void findsEveryRuleWhoseLiteralTheLineContainsIgnoringCase() throws RuleException {
        Prefilter prefilter = new Prefilter(List.of(rule("a", "'sshd['"), rule("b", "[union, '%27', hd]"),
                rule("c", "'ababc'"), rule("d", "'<'")));

        assertThat(hits(prefilter, 4, "web1 sshd[42]: x")).containsExactly(true, true, false, false);
        assertThat(hits(prefilter, 4, "GET /?q=1%27+UNION+select")).containsExactly(false, true, false, false);
        assertThat(hits(prefilter, 4, "xxabababcxx")).as("overlapping starts").containsExactly(false, false, true, false);
        assertThat(hits(prefilter, 4, "<")).containsExactly(false, false, false, true);
        assertThat(hits(prefilter, 4, "ssh d[ unio n %2 7")).containsExactly(false, false, false, false);
        assertThat(hits(prefilter, 4, "ssh\u00e9d[ un\u00efon")).as("a non-ASCII character breaks a literal")
                .containsExactly(false, false, false, false);
    }

    @Test
    void aRuleWithoutPrefilterIsNeverMarked() throws RuleException {
        Rule none = RuleParser.parse("n.yaml", """
                name: n
                sources: {files: [/var/log/a.log]}
                patterns: ['(?<ip>[0-9.]+)']
                scenario: {capacity: 1, leak: 1/1m}
                ban: {duration: 1h}
                """).getFirst();
        Prefilter prefilter = new Prefilter(List.of(none, rule("a", "x")));

        assertThat(hits(prefilter, 2, "x")).containsExactly(false, true);
    }
}
