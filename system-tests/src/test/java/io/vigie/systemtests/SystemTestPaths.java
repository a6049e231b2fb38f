package io.vigie.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the system tests find the programs they start (the jars built by the reactor) and where
 * they leave what helps to diagnose a failure: process logs, screenshots, browser traces, all
 * under {@code system-tests/target/}. Temporary data and state directories live there too, not
 * in {@code /tmp}, so that {@code mvn clean} removes whatever a killed run left behind.
 */
final class SystemTestPaths {

    private SystemTestPaths() {
    }

    /** @return the repository root: system property {@code vigie.root}, else found from the working directory */
    static Path root() {
        String configured = System.getProperty("vigie.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("system-tests/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root: set -Dvigie.root=...");
    }

    /** @return {@code system-tests/target} */
    static Path target() {
        return createDirectories(root().resolve("system-tests/target"));
    }

    /** @return {@code system-tests/target/logs}, where every started process writes its output */
    static Path logs() {
        return createDirectories(target().resolve("logs"));
    }

    /**
     * @param name a log file's name
     * @return that file under {@code system-tests/target/logs}, emptied of an earlier run's lines
     */
    static Path freshLog(String name) {
        Path log = logs().resolve(name);
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return log;
    }

    /** @return {@code system-tests/target/screenshots} */
    static Path screenshots() {
        return createDirectories(target().resolve("screenshots"));
    }

    /**
     * @param prefix what the directory is for
     * @return a new empty directory under {@code system-tests/target/tmp}
     */
    static Path newTempDirectory(String prefix) {
        try {
            return Files.createTempDirectory(createDirectories(target().resolve("tmp")), prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the control plane's executable jar, which the reactor builds before this module */
    static Path serverJar() {
        return requireFile(root().resolve("server/target/vigie-server.jar"), "./mvnw -pl server -am package -DskipTests");
    }

    /** @return the agent's executable jar */
    static Path agentJar() {
        return requireFile(root().resolve("agent/target/vigie-agent.jar"), "./mvnw -pl agent -am package -DskipTests");
    }

    /** @return the {@code java} launcher of the JDK running the tests (JDK 25) */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Deletes a directory tree, best effort (a test's cleanup must not hide the test's outcome).
     *
     * @param dir the directory; nothing happens when it is null or missing
     */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: left for 'mvn clean'
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    private static Path requireFile(Path file, String buildCommand) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: build it first (" + buildCommand
                    + "), or run the system tests through the reactor: ./mvnw -Psystem verify");
        }
        return file;
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
