package io.vigie.agent.io;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Set;

/**
 * Writes files so that a crash leaves either the old content or the new one, never a mix, and
 * never a moment where the file is readable by others.
 *
 * <p>Recipe: create {@code <name>.tmp} with its final permissions (so it is never world-readable),
 * write, fsync, rename over the target (atomic on POSIX file systems), fsync the directory so
 * that the rename itself survives a crash. Used for the agent's identity and the spool's
 * committed position.
 */
public final class DurableFiles {

    /** Read and write for the owner only. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private DurableFiles() {
    }

    /**
     * Replaces {@code target} with {@code content}, atomically and durably.
     *
     * @param target the file to write
     * @param content its new content
     * @param permissions the file's permissions, applied from its creation
     * @param ownerOf a path whose owner and group the file gets, or {@code null} to keep the
     *     creating user's; giving the file to another user needs root
     * @throws IOException when the file cannot be written; the target is then unchanged
     */
    public static void writeAtomically(Path target, byte[] content, Set<PosixFilePermission> permissions,
                                       Path ownerOf) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(permissions));
            // The umask may have removed bits at creation; set them exactly.
            Files.setPosixFilePermissions(temp, permissions);
            if (ownerOf != null) {
                giveOwnership(temp, ownerOf);
            }
            try (RandomAccessFile file = new RandomAccessFile(temp.toFile(), "rw")) {
                file.write(content);
                file.getFD().sync();
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically", e);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another process is writing " + target, e);
        } finally {
            Files.deleteIfExists(temp);
        }
        fsyncDirectory(target.toAbsolutePath().getParent());
    }

    private static void giveOwnership(Path file, Path ownerOf) throws IOException {
        PosixFileAttributes wanted = Files.readAttributes(ownerOf, PosixFileAttributes.class);
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        PosixFileAttributes actual = view.readAttributes();
        if (!wanted.group().equals(actual.group())) {
            view.setGroup(wanted.group());
        }
        if (!wanted.owner().equals(actual.owner())) {
            view.setOwner(wanted.owner());
        }
    }

    /**
     * Makes the creation, renaming or deletion of entries in {@code directory} durable.
     *
     * @param directory a directory
     * @throws IOException when the directory cannot be synced
     */
    public static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
