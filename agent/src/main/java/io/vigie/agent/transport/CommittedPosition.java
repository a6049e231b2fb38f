package io.vigie.agent.transport;

import io.vigie.agent.io.DurableFiles;
import io.vigie.agent.log.Event;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The spool's {@code committed} file: the sequence of the last acknowledged message, one decimal
 * line, replaced atomically and durably ({@link DurableFiles#writeAtomically}). A missing file
 * means 0; an unreadable one is logged at ERROR and taken as 0, which only makes the agent send
 * messages again, and the control plane deduplicates them.
 */
final class CommittedPosition {

    private static final System.Logger LOG = System.getLogger(Spool.class.getName());
    private static final String NAME = "committed";

    private final Path file;

    CommittedPosition(Path directory) {
        this.file = directory.resolve(NAME);
    }

    /** @return the last acknowledged sequence, 0 when nothing was acknowledged yet */
    long read() throws IOException {
        Files.deleteIfExists(file.resolveSibling(NAME + ".tmp"));
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return 0;
        }
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new NumberFormatException("negative");
            }
            return value;
        } catch (NumberFormatException e) {
            LOG.log(Level.ERROR, Event.of("spool.committed-unreadable", "file", file, "content", text,
                    "consequence", "every spooled message is sent again"));
            return 0;
        }
    }

    /** Makes {@code sequence} the committed position, durably. */
    void write(long sequence) throws IOException {
        byte[] content = (sequence + "\n").getBytes(StandardCharsets.US_ASCII);
        DurableFiles.writeAtomically(file, content, DurableFiles.OWNER_ONLY, null);
    }
}
