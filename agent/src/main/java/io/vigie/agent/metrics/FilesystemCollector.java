package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import io.vigie.agent.host.LocalFileSystems;
import io.vigie.agent.host.LocalFileSystems.LocalFileSystem;
import io.vigie.agent.log.Event;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileStore;
import java.util.Map;

/**
 * {@code node_filesystem_size_bytes}, {@code node_filesystem_avail_bytes} (free to unprivileged
 * users) and {@code node_filesystem_free_bytes} (free, including the blocks reserved for root)
 * of the host's local file systems, labelled {@code device}, {@code mountpoint}, {@code fstype}.
 * Which file systems count is {@link LocalFileSystems}'s rule, the same as the host facts' disks.
 *
 * <p>Sizes come from the JDK's {@link FileStore}; it gives no inode counts, so
 * {@code node_filesystem_files} and {@code node_filesystem_files_free} are not reported (the
 * agent starts no external process and calls no native code). An unreadable mount table fails the
 * collector; a file system whose sizes cannot be read is left out of the round, with a DEBUG line.
 */
final class FilesystemCollector extends FileCollector {

    private static final System.Logger LOG = System.getLogger(FilesystemCollector.class.getName());

    private final LocalFileSystems fileSystems;

    FilesystemCollector(HostFiles files) {
        super("filesystem", files);
        this.fileSystems = new LocalFileSystems(files);
    }

    @Override
    public void collect(SampleSink sink) throws IOException {
        for (LocalFileSystem fs : fileSystems.list()) {
            FileStore store = fs.store();
            long size;
            long avail;
            long free;
            try {
                size = store.getTotalSpace();
                avail = store.getUsableSpace();
                free = store.getUnallocatedSpace();
            } catch (IOException | SecurityException e) {
                LOG.log(Level.DEBUG, Event.of("metrics.filesystem-unreadable", "mount-point", fs.mountPoint(),
                        "error", e.toString()));
                continue;
            }
            Map<String, String> labels = Map.of("device", fs.device(), "mountpoint", fs.mountPoint(),
                    "fstype", fs.fsType());
            sink.add("node_filesystem_size_bytes", labels, size);
            sink.add("node_filesystem_avail_bytes", labels, avail);
            sink.add("node_filesystem_free_bytes", labels, free);
        }
    }
}
