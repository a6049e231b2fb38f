package io.vigie.agent.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;

/**
 * The fast path before the regular expressions: one pass over a line finds which rules' prefilter
 * literals it contains, all rules at once (an Aho-Corasick automaton over the literals, ASCII
 * case ignored). A rule with a prefilter runs its patterns only on the lines that contain one of
 * its literals; most lines of a log contain none, and cost one table lookup per character.
 *
 * <p>Invariants: literals are printable ASCII (checked by {@link RuleParser}); the automaton is a
 * complete table over the 128 ASCII codes, built once and read-only; {@link #scan} is not
 * thread-safe (it reuses one array of marks).
 */
final class Prefilter {

    private static final int[] NONE = new int[0];

    private final int[][] next;
    private final int[][] outputs;
    private final int[] marks;
    private int stamp;

    /** @param rules the rules, by index; those without a prefilter are left out */
    Prefilter(List<Rule> rules) {
        List<int[]> table = new ArrayList<>();
        List<int[]> out = new ArrayList<>();
        table.add(new int[128]);
        out.add(NONE);
        for (int index = 0; index < rules.size(); index++) {
            for (String literal : rules.get(index).prefilter()) {
                int state = 0;
                for (char c : literal.toCharArray()) {
                    int lower = Character.toLowerCase(c);
                    if (table.get(state)[lower] == 0) {
                        table.add(new int[128]);
                        out.add(NONE);
                        table.get(state)[lower] = table.size() - 1;
                    }
                    state = table.get(state)[lower];
                }
                out.set(state, append(out.get(state), index));
            }
        }
        this.next = table.toArray(int[][]::new);
        this.outputs = out.toArray(int[][]::new);
        link();
        this.marks = new int[rules.size()];
    }

    /** Turns the trie into an automaton: missing moves follow the failure links, outputs merge. */
    private void link() {
        int[] fail = new int[next.length];
        Queue<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < 128; c++) {
            if (next[0][c] != 0) {
                queue.add(next[0][c]);
            }
        }
        while (!queue.isEmpty()) {
            int state = queue.remove();
            for (int c = 0; c < 128; c++) {
                int child = next[state][c];
                if (child == 0) {
                    next[state][c] = next[fail[state]][c];
                } else {
                    fail[child] = next[fail[state]][c];
                    for (int index : outputs[fail[child]]) {
                        outputs[child] = append(outputs[child], index);
                    }
                    queue.add(child);
                }
            }
        }
    }

    /**
     * Finds the rules whose literals a line contains; ask with {@link #hit(int)} until the next
     * scan. Works on the UTF-8 bytes: every byte of a non-ASCII character is 128 or more, and
     * resets the automaton as the character would.
     *
     * @param bytes holds the line
     * @param from where it starts
     * @param length its length
     */
    void scan(byte[] bytes, int from, int length) {
        if (++stamp == 0) {
            Arrays.fill(marks, 0);
            stamp = 1;
        }
        int state = 0;
        for (int i = from, end = from + length; i < end; i++) {
            int c = bytes[i];
            if (c < 0) {
                state = 0;
                continue;
            }
            state = next[state][c >= 'A' && c <= 'Z' ? c + 32 : c];
            int[] found = outputs[state];
            for (int index : found) {
                marks[index] = stamp;
            }
        }
    }

    /**
     * @param index a rule's index
     * @return whether the last line scanned contains one of its literals
     */
    boolean hit(int index) {
        return marks[index] == stamp;
    }

    private static int[] append(int[] indices, int index) {
        for (int existing : indices) {
            if (existing == index) {
                return indices;
            }
        }
        int[] longer = Arrays.copyOf(indices, indices.length + 1);
        longer[indices.length] = index;
        return longer;
    }
}
