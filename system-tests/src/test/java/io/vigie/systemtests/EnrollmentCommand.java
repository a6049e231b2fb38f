package io.vigie.systemtests;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the enrollment command the console shows to an operator
 * ({@code [sudo] vigie-agent enroll --server URL --token T --fingerprint SHA256:...}) the way a
 * shell would: words separated by blanks, quotes removed, backslash-newline continuations joined.
 */
final class EnrollmentCommand {

    private EnrollmentCommand() {
    }

    /**
     * @param shown the command as displayed
     * @return its arguments after the program name ({@code enroll --server ...})
     * @throws IllegalArgumentException when it does not run {@code vigie-agent}
     */
    static List<String> argumentsOf(String shown) {
        List<String> words = words(shown.replace("\\\r\n", " ").replace("\\\n", " "));
        if (!words.isEmpty() && words.getFirst().equals("sudo")) {
            words.removeFirst();
        }
        if (words.isEmpty() || !(words.getFirst().equals("vigie-agent") || words.getFirst().endsWith("/vigie-agent"))) {
            throw new IllegalArgumentException("not a vigie-agent command: '" + shown + "'");
        }
        return List.copyOf(words.subList(1, words.size()));
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced quote in '" + text + "'");
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
