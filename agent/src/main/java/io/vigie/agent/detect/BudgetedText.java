package io.vigie.agent.detect;

/**
 * A line as the regular expression engine reads it, counting the reads: past
 * {@code 100 × length + 10,000} of them the match is stopped with {@link BudgetExceeded}. A linear
 * pattern reads each character a few times; one that backtracks catastrophically reads them
 * exponentially often, so this bounds the time any pattern can spend on one line, whatever
 * slipped through {@link BacktrackingCheck}.
 *
 * <p>Invariant: {@code reads <= limit + 1}; the budget covers every match made on this text
 * since it was made or {@link #reset(String)} (once per pattern and line). Not thread-safe.
 */
public final class BudgetedText implements CharSequence {

    private String text;
    private long limit;
    private long reads;

    /** @param text the line */
    public BudgetedText(String text) {
        reset(text);
    }

    /**
     * Starts again with a full budget, on another line.
     *
     * @param line the line
     * @return this text
     */
    public BudgetedText reset(String line) {
        this.text = line;
        this.limit = 100L * line.length() + 10_000;
        this.reads = 0;
        return this;
    }

    @Override
    public char charAt(int index) {
        if (++reads > limit) {
            throw BudgetExceeded.INSTANCE;
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    /** Not counted: the engine only takes sub-sequences to return groups. */
    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return text;
    }

    /** Thrown when a match reads past its budget; one shared instance, without stack trace. */
    public static final class BudgetExceeded extends RuntimeException {

        private static final BudgetExceeded INSTANCE = new BudgetExceeded();

        private BudgetExceeded() {
            super("regular expression stopped past its budget of reads", null, false, false);
        }
    }
}
