package io.vigie.agent.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What makes a file the same file across renames: its device and inode numbers.
 *
 * @param device the device number ({@code st_dev})
 * @param inode the inode number ({@code st_ino})
 */
record FileIdentity(long device, long inode) {

    /**
     * @param path a file
     * @return its identity, read with {@code stat} (links followed)
     * @throws IOException when it does not exist or cannot be read ({@code NoSuchFileException} when gone)
     */
    static FileIdentity of(Path path) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(path, "unix:dev,ino");
        return new FileIdentity(((Number) attributes.get("dev")).longValue(), ((Number) attributes.get("ino")).longValue());
    }
}
