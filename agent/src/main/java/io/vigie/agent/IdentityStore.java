package io.vigie.agent;

import io.vigie.agent.io.DurableFiles;
import io.vigie.agent.transport.Json;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import tools.jackson.core.JacksonException;

/**
 * Keeps the agent's identity in {@code <state-dir>/agent.json}.
 *
 * <p>The file is written atomically with mode 0600 from its creation
 * ({@link DurableFiles#writeAtomically}), so the secret is never readable by others, even for a
 * moment, and a crash leaves the old identity or the new one. When root enrolls (for example
 * {@code sudo vigie-agent enroll ...}), the file is given to the owner of the state directory,
 * and its group, the {@code vigie-agent} user in the package, so the service can read it.
 */
public final class IdentityStore {

    /** The identity file's name inside the state directory. */
    public static final String FILE_NAME = "agent.json";

    private final Path stateDir;
    private final Path file;

    /** @param stateDir the agent's state directory */
    public IdentityStore(Path stateDir) {
        this.stateDir = stateDir;
        this.file = stateDir.resolve(FILE_NAME);
    }

    /** @return the identity file's path */
    public Path file() {
        return file;
    }

    /** @return whether an identity is stored */
    public boolean exists() {
        return Files.exists(file);
    }

    /**
     * @return the stored identity
     * @throws CliException (exit 1) when the agent is not enrolled or the file is unreadable
     */
    public AgentIdentity load() throws CliException {
        try {
            AgentIdentity identity = Json.mapper().readValue(Files.readAllBytes(file), AgentIdentity.class);
            if (identity.agentId() == null || identity.secret() == null || identity.serverUrl() == null
                    || identity.fingerprint() == null) {
                throw CliException.failure("identity file " + file + " is incomplete: enroll again with --force");
            }
            identity.pin();
            return identity;
        } catch (NoSuchFileException e) {
            throw CliException.failure("not enrolled: run vigie-agent enroll --server URL --token TOKEN "
                    + "--fingerprint SHA256:HEX (no " + file + ")");
        } catch (AccessDeniedException e) {
            throw CliException.failure("cannot read " + file + ": permission denied (run as the vigie-agent user)");
        } catch (IOException e) {
            throw CliException.failure("cannot read " + file + ": " + e.getMessage());
        } catch (JacksonException | IllegalArgumentException e) {
            throw CliException.failure("identity file " + file + " is damaged: enroll again with --force");
        }
    }

    /**
     * Creates the state directory (mode 0750) when it does not exist yet.
     *
     * @throws CliException (exit 1) when it cannot be created or written
     */
    public void prepare() throws CliException {
        try {
            if (!Files.isDirectory(stateDir)) {
                Files.createDirectories(stateDir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
            }
        } catch (IOException e) {
            throw CliException.failure("cannot create state directory " + stateDir + ": " + e);
        }
        if (!Files.isWritable(stateDir)) {
            throw CliException.failure("cannot write to state directory " + stateDir
                    + ": permission denied (run as root or as its owner)");
        }
    }

    /**
     * Writes the identity durably, mode 0600, replacing any earlier one.
     *
     * @param identity the identity to keep
     * @throws IOException when it cannot be written; the earlier file is then unchanged
     */
    public void save(AgentIdentity identity) throws IOException {
        byte[] json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(identity);
        DurableFiles.writeAtomically(file, json, DurableFiles.OWNER_ONLY, RootGuard.isRoot() ? stateDir : null);
    }
}
