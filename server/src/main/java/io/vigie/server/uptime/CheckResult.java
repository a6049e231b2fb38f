package io.vigie.server.uptime;

import java.time.Instant;

/**
 * One attempt of a check, as stored in {@code uptime_results}.
 *
 * @param at when the attempt started
 * @param attempt 1, or 2 for the retry that confirms a failure
 * @param ok whether it succeeded
 * @param responseMs how long it took, in milliseconds; null when it did not get an answer
 * @param statusCode HTTP status, if any
 * @param error why it failed, in English; null on success
 * @param certDaysLeft HTTPS: days before the server certificate expires
 */
public record CheckResult(Instant at, int attempt, boolean ok, Integer responseMs, Integer statusCode, String error,
        Integer certDaysLeft) {

    /**
     * @param at when the attempt started
     * @param error why it failed
     * @return a failed attempt without an answer
     */
    static CheckResult failure(Instant at, String error) {
        return new CheckResult(at, 1, false, null, null, error, null);
    }

    /**
     * @param number the attempt's number
     * @return this result as that attempt
     */
    CheckResult asAttempt(int number) {
        return new CheckResult(at, number, ok, responseMs, statusCode, error, certDaysLeft);
    }

    /** @return whether this attempt decides the check (a success, or the retry) */
    public boolean isOutcome() {
        return ok || attempt > 1;
    }
}
