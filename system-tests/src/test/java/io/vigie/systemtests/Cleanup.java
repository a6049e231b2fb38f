package io.vigie.systemtests;

/**
 * Runs every cleanup step even when one fails, then rethrows the first failure: a test's
 * {@code @AfterAll} must stop every process it started, whatever went wrong before.
 */
final class Cleanup {

    private Cleanup() {
    }

    /** One cleanup step. */
    @FunctionalInterface
    interface Step {
        /** @throws Exception anything */
        void run() throws Exception;
    }

    /**
     * @param steps run in order, each whatever the others did
     */
    static void all(Step... steps) {
        Throwable first = null;
        for (Step step : steps) {
            try {
                step.run();
            } catch (Throwable t) {
                if (first == null) {
                    first = t;
                } else {
                    first.addSuppressed(t);
                }
            }
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
        if (first != null) {
            throw new IllegalStateException(first);
        }
    }
}
