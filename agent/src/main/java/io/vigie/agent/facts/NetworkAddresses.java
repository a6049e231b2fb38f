package io.vigie.agent.facts;

import io.vigie.agent.log.Event;
import io.vigie.protocol.HostFacts.InterfaceAddress;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lists the IP addresses of the host's interfaces that are up, leaving out loopback interfaces
 * and IPv6 link-local addresses ({@code fe80::/10}), which say nothing about how to reach the
 * host. Sorted by interface then address, so that two heartbeats of an unchanged host carry the
 * same list.
 */
public final class NetworkAddresses {

    private static final System.Logger LOG = System.getLogger(FactsCollector.class.getName());

    private NetworkAddresses() {
    }

    /** @return the addresses; empty when the interfaces cannot be listed */
    static List<InterfaceAddress> collect() {
        List<InterfaceAddress> addresses = new ArrayList<>();
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (java.net.InterfaceAddress entry : nic.getInterfaceAddresses()) {
                    InetAddress address = entry.getAddress();
                    if (address instanceof Inet6Address && address.isLinkLocalAddress()) {
                        continue;
                    }
                    addresses.add(new InterfaceAddress(nic.getName(), text(address), entry.getNetworkPrefixLength()));
                }
            }
        } catch (SocketException e) {
            LOG.log(Level.DEBUG, Event.of("facts.interfaces-unreadable", "error", e.toString()));
        }
        addresses.sort(Comparator.comparing(InterfaceAddress::interfaceName).thenComparing(InterfaceAddress::address));
        return List.copyOf(addresses);
    }

    /**
     * @param address an IP address
     * @return its usual text: dotted IPv4, or IPv6 in the RFC 5952 form ({@code fd00::2}, not the
     *     {@code fd00:0:0:0:0:0:0:2%eth0} Java prints)
     */
    public static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
            } else {
                if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }
}
