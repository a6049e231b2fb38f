package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import io.vigie.agent.host.LocalFileSystems;
import io.vigie.agent.host.LocalFileSystems.LocalFileSystem;
import io.vigie.agent.log.Event;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileStore;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code node_filesystem_size_bytes}, {@code node_filesystem_avail_bytes} (free to unprivileged
 * users) and {@code node_filesystem_free_bytes} (free, including the blocks reserved for root)
 * of the host's local file systems, and their inodes, {@code node_filesystem_files} and
 * {@code node_filesystem_files_free}, labelled {@code device}, {@code mountpoint}, {@code fstype}.
 * Which file systems count is {@link LocalFileSystems}'s rule, the same as the host facts' disks.
 *
 * <p>Sizes come from the JDK's {@link FileStore}, as {@code df} counts them; inodes from libc's
 * {@code statvfs} through {@link Statvfs}, set up at the first round. Where that cannot work (a
 * platform whose {@code struct statvfs} is unknown, native access denied) the collector says so
 * once at WARN and reports sizes only. An unreadable mount table fails the collector; a file
 * system whose sizes cannot be read is left out of the round, one whose inodes cannot be read
 * reports its sizes only, each with a DEBUG line.
 */
final class FilesystemCollector extends FileCollector {

    private static final System.Logger LOG = System.getLogger(FilesystemCollector.class.getName());

    private final LocalFileSystems fileSystems;
    private final Supplier<Statvfs> statvfsLoader;
    /** Null until the first round, then the loaded {@link Statvfs}, or {@link #unavailable} when it cannot load. */
    private Statvfs statvfs;
    private boolean unavailable;

    FilesystemCollector(HostFiles files) {
        this(files, Statvfs::load);
    }

    /**
     * @param files the host's files
     * @param statvfsLoader loads the inode counts at the first round; may throw
     *     {@link UnsupportedOperationException} or {@link IllegalCallerException}
     */
    FilesystemCollector(HostFiles files, Supplier<Statvfs> statvfsLoader) {
        super("filesystem", files);
        this.fileSystems = new LocalFileSystems(files);
        this.statvfsLoader = statvfsLoader;
    }

    @Override
    public void collect(SampleSink sink) throws IOException {
        Statvfs inodes = statvfs();
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
            if (inodes != null) {
                try {
                    Statvfs.Inodes counts = inodes.inodes(files().resolve(fs.mountPoint()));
                    sink.add("node_filesystem_files", labels, counts.files());
                    sink.add("node_filesystem_files_free", labels, counts.free());
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, Event.of("metrics.inodes-unreadable", "mount-point", fs.mountPoint(),
                            "error", e.getMessage()));
                }
            }
        }
    }

    /** @return the inode counts, loaded at the first call; null when they cannot be read on this JVM */
    private Statvfs statvfs() {
        if (statvfs == null && !unavailable) {
            try {
                statvfs = statvfsLoader.get();
            } catch (UnsupportedOperationException | IllegalCallerException e) {
                unavailable = true;
                LOG.log(Level.WARNING, Event.of("metrics.inodes-unavailable", "error", e.toString()));
            }
        }
        return statvfs;
    }
}
