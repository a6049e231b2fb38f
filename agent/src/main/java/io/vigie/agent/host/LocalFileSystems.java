package io.vigie.agent.host;

import io.vigie.agent.log.Event;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists the host's local file systems from {@code /proc/self/mounts}, each with its
 * {@link FileStore} for sizes. The host facts (disks) and the file system metrics both use it, so
 * that they always agree on which file systems a host has.
 *
 * <p>Rules (documented in {@code docs/agent-installation.md}, "Host facts", and
 * {@code docs/metrics.md}):
 * <ul>
 *   <li>a file system is local when its device is a path under {@code /dev/} (ext4, xfs, btrfs,
 *       vfat, ...) or it is a ZFS dataset. This leaves out pseudo file systems (proc, sysfs,
 *       tmpfs, devtmpfs, cgroup, overlay, ...) and network ones (nfs, cifs, sshfs), whose device
 *       is not a {@code /dev/} path; read-only images (squashfs, iso9660, udf) are left out
 *       too;</li>
 *   <li>one entry per device, the first mount in mount order: bind mounts (including the private
 *       {@code /tmp} systemd gives the agent) and btrfs subvolumes would only repeat it;</li>
 *   <li>a mount point the agent cannot see as itself (hidden by the service's sandbox, such as
 *       {@code /home} under {@code ProtectHome=yes}, or removed since) is left out, with a DEBUG
 *       line.</li>
 * </ul>
 */
public final class LocalFileSystems {

    private static final System.Logger LOG = System.getLogger(LocalFileSystems.class.getName());
    private static final Set<String> IMAGE_TYPES = Set.of("squashfs", "iso9660", "udf");

    private final HostFiles files;

    /** @param files the host's files */
    public LocalFileSystems(HostFiles files) {
        this.files = files;
    }

    /**
     * @return the local file systems, one per device, in mount order
     * @throws IOException when the mount table cannot be read
     */
    public List<LocalFileSystem> list() throws IOException {
        Map<String, Mount> byDevice = new LinkedHashMap<>();
        files.text("/proc/self/mounts").lines()
                .map(LocalFileSystems::parse)
                .filter(m -> m != null && isLocal(m))
                .forEach(m -> byDevice.putIfAbsent(m.device(), m));
        List<LocalFileSystem> found = new ArrayList<>();
        for (Mount mount : byDevice.values()) {
            try {
                FileStore store = Files.getFileStore(files.resolve(mount.mountPoint()));
                if (!store.type().equals(mount.fsType())) {
                    LOG.log(Level.DEBUG, Event.of("host.mount-hidden", "mount-point", mount.mountPoint(),
                            "expected-type", mount.fsType(), "seen-type", store.type()));
                    continue;
                }
                found.add(new LocalFileSystem(mount.device(), mount.mountPoint(), mount.fsType(), store));
            } catch (IOException | SecurityException e) {
                LOG.log(Level.DEBUG, Event.of("host.mount-unreadable", "mount-point", mount.mountPoint(),
                        "error", e.toString()));
            }
        }
        return List.copyOf(found);
    }

    static boolean isLocal(Mount mount) {
        return (mount.device().startsWith("/dev/") && !IMAGE_TYPES.contains(mount.fsType()))
                || mount.fsType().equals("zfs");
    }

    /** @return the mount described by one line of {@code /proc/self/mounts}, or null when malformed */
    static Mount parse(String line) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 3) {
            return null;
        }
        return new Mount(unescape(fields[0]), unescape(fields[1]), fields[2]);
    }

    /** The kernel writes space, tab, newline and backslash in mount fields as octal escapes. */
    static String unescape(String field) {
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && isOctal(field, i + 1)) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static boolean isOctal(String field, int from) {
        for (int i = from; i < from + 3; i++) {
            if (field.charAt(i) < '0' || field.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    /**
     * A local file system.
     *
     * @param device the mounted device, e.g. {@code /dev/vda1}
     * @param mountPoint its first mount point
     * @param fsType its type, e.g. {@code ext4}
     * @param store its sizes ({@code getTotalSpace()}, ...), read anew at each call
     */
    public record LocalFileSystem(String device, String mountPoint, String fsType, FileStore store) {
    }

    /**
     * One line of the mount table.
     *
     * @param device the mounted device or source
     * @param mountPoint where it is mounted
     * @param fsType the file system type
     */
    record Mount(String device, String mountPoint, String fsType) {
    }
}
