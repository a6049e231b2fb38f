package io.vigie.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * Keeps root from leaving files the agent's own user cannot use. The package runs the agent as
 * {@code vigie-agent}; an operator who runs {@code vigie-agent run} as root by mistake would
 * create root-owned spool files in that user's state directory, and the service could then no
 * longer write its spool. Root may still enroll: the identity file is handed over
 * ({@link IdentityStore}).
 */
final class RootGuard {

    private RootGuard() {
    }

    /** @return whether the agent runs as root */
    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * @param stateDir the state directory
     * @throws CliException (exit 1) when running as root on a state directory owned by another user
     */
    static void refuseForeignStateDir(Path stateDir) throws CliException {
        if (!isRoot()) {
            return;
        }
        try {
            UserPrincipal owner = Files.getOwner(stateDir);
            if (!owner.getName().equals("root")) {
                throw CliException.failure("refusing to run as root in " + stateDir + ", which belongs to "
                        + owner.getName() + ": run it as that user (systemctl start vigie-agent)");
            }
        } catch (IOException e) {
            throw CliException.failure("cannot read the owner of " + stateDir + ": " + e.getMessage());
        }
    }
}
