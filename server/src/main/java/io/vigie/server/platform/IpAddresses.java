package io.vigie.server.platform;

import java.net.Inet6Address;
import java.net.InetAddress;

/** IP addresses written one way only, so that the same address is never stored twice. */
public final class IpAddresses {

    private IpAddresses() {
    }

    /**
     * @param literal an IPv4 or IPv6 address, as typed
     * @return the address in its canonical text form: dotted quad for IPv4, RFC 5952 for IPv6
     *         (lower case, no leading zeros, the longest run of two or more zero groups as {@code ::})
     * @throws IllegalArgumentException if it is not an IP address literal
     */
    public static String canonical(String literal) {
        InetAddress address = InetAddress.ofLiteral(literal);
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int runStart = -1;
        int runLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > runLength) {
                runStart = i;
                runLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                text.append("::");
                i += runLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
