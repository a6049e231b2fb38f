package io.vigie.protocol;

import java.util.List;

/**
 * What the agent knows about its host, sent with every heartbeat (HW-1, OS-1).
 *
 * @param hostname the host name as the kernel knows it
 * @param osName distribution name, e.g. {@code Debian GNU/Linux}
 * @param osVersion distribution version, e.g. {@code 12 (bookworm)}
 * @param kernel kernel release, e.g. {@code 6.1.0-28-amd64}
 * @param architecture machine architecture as Java names it ({@code os.arch}), e.g. {@code amd64}, {@code aarch64}
 * @param uptimeSeconds seconds since boot
 * @param cpuModel CPU model name
 * @param cpuCores number of logical CPUs
 * @param memoryBytes total physical memory
 * @param swapBytes total swap
 * @param disks mounted local file systems
 * @param addresses IP addresses of the host's interfaces
 * @param agentVersion version of the agent software
 */
public record HostFacts(
        String hostname,
        String osName,
        String osVersion,
        String kernel,
        String architecture,
        long uptimeSeconds,
        String cpuModel,
        int cpuCores,
        long memoryBytes,
        long swapBytes,
        List<Disk> disks,
        List<InterfaceAddress> addresses,
        String agentVersion) {

    /**
     * A mounted local file system.
     *
     * @param device block device, e.g. {@code /dev/sda1}
     * @param mountPoint where it is mounted
     * @param fsType file system type, e.g. {@code ext4}
     * @param sizeBytes total size
     * @param usedBytes used space
     */
    public record Disk(String device, String mountPoint, String fsType, long sizeBytes, long usedBytes) {
    }

    /**
     * One IP address of a network interface.
     *
     * @param interfaceName e.g. {@code eth0}
     * @param address the address in textual form
     * @param prefixLength network prefix length
     */
    public record InterfaceAddress(String interfaceName, String address, int prefixLength) {
    }
}
