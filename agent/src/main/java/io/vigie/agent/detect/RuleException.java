package io.vigie.agent.detect;

/** A rule file refused, with a message naming the file, the rule and the reason. */
public final class RuleException extends Exception {

    /** @param message the file, the rule and the reason */
    public RuleException(String message) {
        super(message);
    }
}
