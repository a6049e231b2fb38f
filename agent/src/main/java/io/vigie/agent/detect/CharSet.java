package io.vigie.agent.detect;

/**
 * A set of characters as {@link BacktrackingCheck} needs it: each ASCII character exactly, every
 * other character as one member "non-ASCII". Over-approximating is safe (it can only refuse more
 * patterns), so classes it cannot describe exactly ({@code \p{...}}, intersections) are taken as
 * every character.
 */
final class CharSet {

    private long low;
    private long high;
    private boolean other;

    static CharSet empty() {
        return new CharSet();
    }

    static CharSet all() {
        CharSet set = new CharSet();
        set.low = -1L;
        set.high = -1L;
        set.other = true;
        return set;
    }

    static CharSet of(char c, boolean ignoreCase) {
        CharSet set = new CharSet();
        set.add(c);
        if (ignoreCase) {
            set.add(Character.toLowerCase(c));
            set.add(Character.toUpperCase(c));
        }
        return set;
    }

    void add(char c) {
        if (c < 64) {
            low |= 1L << c;
        } else if (c < 128) {
            high |= 1L << (c - 64);
        } else {
            other = true;
        }
    }

    void addRange(char from, char to) {
        addRange(from, to, false);
    }

    void addRange(char from, char to, boolean ignoreCase) {
        for (int c = from; c <= to && c < 128; c++) {
            add((char) c);
            if (ignoreCase) {
                add(Character.toLowerCase((char) c));
                add(Character.toUpperCase((char) c));
            }
        }
        if (to >= 128) {
            other = true;
        }
    }

    CharSet addAll(CharSet set) {
        low |= set.low;
        high |= set.high;
        other |= set.other;
        return this;
    }

    /** @return the complement; "non-ASCII" stays, since a set of some non-ASCII characters does not hold them all */
    CharSet negate() {
        CharSet set = new CharSet();
        set.low = ~low;
        set.high = ~high;
        set.other = true;
        return set;
    }

    boolean intersects(CharSet set) {
        return (low & set.low) != 0 || (high & set.high) != 0 || (other && set.other);
    }

    boolean isEmpty() {
        return low == 0 && high == 0 && !other;
    }

    /**
     * @param letter the class letter after a backslash: d, D, w, W, s, S, h, H, v, V
     * @return the set, or {@code null} for another letter
     */
    static CharSet predefined(char letter) {
        CharSet set = new CharSet();
        switch (Character.toLowerCase(letter)) {
            case 'd' -> set.addRange('0', '9');
            case 'w' -> {
                set.addRange('a', 'z');
                set.addRange('A', 'Z');
                set.addRange('0', '9');
                set.add('_');
            }
            case 's' -> {
                set.add(' ');
                set.addRange('\t', '\r');
            }
            case 'h' -> {
                set.add(' ');
                set.add('\t');
                set.other = true;
            }
            case 'v' -> {
                set.addRange('\n', '\r');
                set.other = true;
            }
            default -> {
                return null;
            }
        }
        return Character.isUpperCase(letter) ? set.negate() : set;
    }
}
