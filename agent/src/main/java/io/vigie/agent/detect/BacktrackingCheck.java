package io.vigie.agent.detect;

/**
 * Refuses the regular expressions that can backtrack catastrophically (exponentially), by walking
 * the pattern once. A repeated part (quantifier {@code *}, {@code +}, {@code {n,}} or {@code {n,m}}
 * with m &gt; 1) is refused when it is not possessive and either
 * <ul>
 *   <li><b>nested</b>: it contains an unbounded quantifier ({@code *}, {@code +}, {@code {n,}})
 *       that is not possessive nor inside an atomic group: {@code (a+)+}, {@code (.*)*},
 *       {@code (?:\S+ )*}; or</li>
 *   <li><b>ambiguous</b>: it is an alternation two of whose branches can begin with the same
 *       character: {@code (\w|\d)+}, {@code (a|ab)*}.</li>
 * </ul>
 * The way out is a possessive quantifier ({@code \S++}) or an atomic group ({@code (?>...)}),
 * which never give back what they matched, or a bounded inner repetition ({@code \d{1,3}}).
 *
 * <p>Not refused, since they are only polynomial: consecutive unbounded quantifiers over the same
 * characters ({@code .*.*x}); {@link BudgetedText} stops those at run time. The pattern must
 * already compile; character sets are over-approximated ({@link CharSet}), so the check may
 * refuse a safe pattern but accepts none of the forms above.
 */
final class BacktrackingCheck {

    private final String regex;
    private final boolean ignoreCase;
    private int pos;

    /** What the walk knows about a part of the pattern. */
    private record Part(CharSet first, boolean nullable, boolean unbounded, boolean ambiguous) {
    }

    private BacktrackingCheck(String regex) {
        this.regex = regex;
        this.ignoreCase = regex.contains("(?i");
    }

    /**
     * @param regex a pattern that compiles
     * @return why it can backtrack catastrophically, or {@code null} when it is accepted
     */
    static String problem(String regex) {
        try {
            new BacktrackingCheck(regex).alternation(false);
            return null;
        } catch (Refused e) {
            return e.getMessage();
        }
    }

    private Part alternation(boolean atomic) {
        Part result = sequence(atomic);
        boolean ambiguous = false;
        while (pos < regex.length() && regex.charAt(pos) == '|') {
            pos++;
            Part next = sequence(atomic);
            ambiguous |= result.first().intersects(next.first()) || (result.nullable() && next.nullable());
            result = new Part(CharSet.empty().addAll(result.first()).addAll(next.first()),
                    result.nullable() || next.nullable(), result.unbounded() || next.unbounded(), ambiguous);
        }
        return result;
    }

    private Part sequence(boolean atomic) {
        CharSet first = CharSet.empty();
        boolean nullable = true;
        boolean unbounded = false;
        boolean ambiguous = false;
        while (pos < regex.length() && regex.charAt(pos) != '|' && regex.charAt(pos) != ')') {
            int start = pos;
            Part atom = quantified(atom(atomic), start, atomic);
            if (nullable) {
                first.addAll(atom.first());
            }
            nullable &= atom.nullable();
            unbounded |= atom.unbounded();
            ambiguous |= atom.ambiguous();
        }
        return new Part(first, nullable, unbounded, ambiguous);
    }

    private Part quantified(Part atom, int start, boolean atomic) {
        if (pos >= regex.length()) {
            return atom;
        }
        int min;
        long max;
        char c = regex.charAt(pos);
        switch (c) {
            case '*' -> { min = 0; max = Long.MAX_VALUE; pos++; }
            case '+' -> { min = 1; max = Long.MAX_VALUE; pos++; }
            case '?' -> { min = 0; max = 1; pos++; }
            case '{' -> {
                int close = regex.indexOf('}', pos);
                String[] bounds = regex.substring(pos + 1, close).split(",", -1);
                min = Integer.parseInt(bounds[0].strip());
                max = bounds.length == 1 ? min : bounds[1].isBlank() ? Long.MAX_VALUE : Long.parseLong(bounds[1].strip());
                pos = close + 1;
            }
            default -> { return atom; }
        }
        boolean possessive = pos < regex.length() && regex.charAt(pos) == '+';
        if (pos < regex.length() && (regex.charAt(pos) == '+' || regex.charAt(pos) == '?')) {
            pos++;
        }
        if (max > 1 && !possessive && !atomic) {
            String part = regex.substring(start, pos);
            if (atom.unbounded()) {
                throw new Refused("nested quantifiers in '" + part + "': a repeated part contains an unbounded "
                        + "quantifier (make the inner one possessive, e.g. \\S++, or use an atomic group (?>...))");
            }
            if (atom.ambiguous()) {
                throw new Refused("ambiguous alternatives in '" + part + "': two branches of a repeated "
                        + "alternation can match the same character (make them exclusive or the group atomic (?>...))");
            }
        }
        boolean unbounded = atom.unbounded() || (max == Long.MAX_VALUE && !possessive && !atomic);
        return new Part(atom.first(), atom.nullable() || min == 0, unbounded, max <= 1 && atom.ambiguous());
    }

    private Part atom(boolean atomic) {
        char c = regex.charAt(pos++);
        return switch (c) {
            case '(' -> group(atomic);
            case '[' -> new Part(charClass(), false, false, false);
            case '\\' -> escape();
            case '.' -> new Part(CharSet.all(), false, false, false);
            case '^', '$' -> new Part(CharSet.empty(), true, false, false);
            default -> new Part(CharSet.of(c, ignoreCase), false, false, false);
        };
    }

    private Part group(boolean atomic) {
        boolean zeroWidth = false;
        boolean atomicGroup = atomic;
        if (regex.startsWith("?", pos)) {
            pos++;
            char kind = regex.charAt(pos);
            if (kind == '<' && regex.charAt(pos + 1) != '=' && regex.charAt(pos + 1) != '!') {
                pos = regex.indexOf('>', pos) + 1;
            } else if (kind == ':' || kind == '>' || kind == '=' || kind == '!') {
                pos++;
                atomicGroup |= kind == '>';
                zeroWidth = kind == '=' || kind == '!';
            } else if (kind == '<') {
                pos += 2;
                zeroWidth = true;
            } else {
                while (regex.charAt(pos) != ')' && regex.charAt(pos) != ':') {
                    pos++;
                }
                if (regex.charAt(pos++) == ')') {
                    return new Part(CharSet.empty(), true, false, false);
                }
            }
        }
        Part inner = alternation(atomicGroup);
        pos++;
        if (zeroWidth) {
            return new Part(CharSet.empty(), true, inner.unbounded(), false);
        }
        return new Part(inner.first(), inner.nullable(), inner.unbounded(), inner.ambiguous() && !atomicGroup);
    }

    private Part escape() {
        char c = regex.charAt(pos++);
        CharSet predefined = CharSet.predefined(c);
        if (predefined != null) {
            return new Part(predefined, false, false, false);
        }
        switch (c) {
            case 'b', 'B', 'A', 'z', 'Z', 'G' -> {
                return new Part(CharSet.empty(), true, false, false);
            }
            case 'Q' -> {
                int end = regex.indexOf("\\E", pos);
                int stop = end < 0 ? regex.length() : end;
                CharSet first = stop > pos ? CharSet.of(regex.charAt(pos), ignoreCase) : CharSet.empty();
                boolean nullable = stop == pos;
                pos = end < 0 ? regex.length() : end + 2;
                return new Part(first, nullable, false, false);
            }
            case 'k' -> {
                pos = regex.indexOf('>', pos) + 1;
                return new Part(CharSet.all(), true, false, false);
            }
            default -> {
                if (c >= '1' && c <= '9') {
                    return new Part(CharSet.all(), true, false, false);
                }
                skipEscapeArgument(c);
                CharSet set = isLetterEscapeOfOneChar(c) ? CharSet.of(controlChar(c), false) : CharSet.all();
                if (!Character.isLetterOrDigit(c)) {
                    set = CharSet.of(c, ignoreCase);
                }
                return new Part(set, false, false, false);
            }
        }
    }

    /** Skips the argument of {@code \x..}, {@code &#92;u....}, {@code \0..}, {@code \c.}, {@code \p{..}}, {@code \N{..}}. */
    private void skipEscapeArgument(char c) {
        switch (c) {
            case 'x' -> pos = regex.charAt(pos) == '{' ? regex.indexOf('}', pos) + 1 : pos + 2;
            case 'u' -> pos += 4;
            case 'c' -> pos += 1;
            case '0' -> {
                while (pos < regex.length() && regex.charAt(pos) >= '0' && regex.charAt(pos) <= '7') {
                    pos++;
                }
            }
            case 'p', 'P', 'N' -> pos = regex.charAt(pos) == '{' ? regex.indexOf('}', pos) + 1 : pos + 1;
            default -> {
            }
        }
    }

    private static boolean isLetterEscapeOfOneChar(char c) {
        return "tnrfae".indexOf(c) >= 0;
    }

    private static char controlChar(char c) {
        return switch (c) {
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 'f' -> '\f';
            case 'a' -> '\u0007';
            default -> '\u001b';
        };
    }

    /** Reads a class after its {@code [}, up to and including its {@code ]}. */
    private CharSet charClass() {
        boolean negated = regex.charAt(pos) == '^';
        if (negated) {
            pos++;
        }
        CharSet set = CharSet.empty();
        while (regex.charAt(pos) != ']') {
            char c = regex.charAt(pos++);
            if (c == '[') {
                set.addAll(charClass());
            } else if (c == '&' && regex.charAt(pos) == '&') {
                return skipClass();
            } else if (c == '\\') {
                char e = regex.charAt(pos++);
                CharSet predefined = CharSet.predefined(e);
                if (predefined != null) {
                    set.addAll(predefined);
                } else if (Character.isLetterOrDigit(e) && !isLetterEscapeOfOneChar(e)) {
                    skipEscapeArgument(e);
                    set.addAll(CharSet.all());
                } else {
                    addMaybeRange(set, isLetterEscapeOfOneChar(e) ? controlChar(e) : e);
                }
            } else {
                addMaybeRange(set, c);
            }
        }
        pos++;
        return negated ? set.negate() : set;
    }

    private void addMaybeRange(CharSet set, char from) {
        if (regex.charAt(pos) == '-' && regex.charAt(pos + 1) != ']') {
            pos++;
            char to = regex.charAt(pos++);
            if (to == '\\') {
                to = regex.charAt(pos++);
            }
            set.addRange(from, to, ignoreCase);
        } else {
            set.addAll(CharSet.of(from, ignoreCase));
        }
    }

    /** An intersection is not worked out: the rest of the class is skipped and taken as every character. */
    private CharSet skipClass() {
        int depth = 1;
        while (depth > 0) {
            char c = regex.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
        }
        return CharSet.all();
    }

    /** Ends the walk with the reason. */
    private static final class Refused extends RuntimeException {

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
