package io.vigie.agent.firewall;

import io.vigie.agent.facts.NetworkAddresses;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * What a ban blocks: one address, or a network (an address and a prefix length), IPv4 or IPv6.
 *
 * <p>Invariants: the address holds 4 or 16 bytes; the prefix is within 0..32 or 0..128; the
 * bits after the prefix are zero; {@link #text()} is built from the bytes alone, so it holds only
 * digits, {@code a-f}, dots, colons and one slash, whatever text it was parsed from. A target is
 * only ever made by {@link #parse} or {@link #of}, so no text that is not an address reaches an
 * nft script.
 *
 * @param bytes the address's bytes, network order
 * @param prefix the prefix length: 32 or 128 for a single address
 */
public record BanTarget(byte[] bytes, int prefix) {

    /** The prefix of an IPv4 network ban made from one address ({@code scope: network} of a rule). */
    public static final int IPV4_NETWORK_PREFIX = 24;

    /** The prefix of an IPv6 network ban made from one address. */
    public static final int IPV6_NETWORK_PREFIX = 64;

    /** Checks the invariants; use {@link #parse} or {@link #of}, which clear the host bits. */
    public BanTarget {
        bytes = bytes.clone();
        if (bytes.length != 4 && bytes.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + bytes.length);
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("prefix /" + prefix + " out of range for IPv" + (bytes.length == 4 ? 4 : 6));
        }
        if (!new BigInteger(1, bytes).equals(new BigInteger(1, bytes).and(mask(bytes.length, prefix)))) {
            throw new IllegalArgumentException("bits set after the prefix /" + prefix);
        }
    }

    /**
     * Parses {@code 192.0.2.1}, {@code 2001:db8::1}, {@code 192.0.2.0/24} or {@code 2001:db8::/64}
     * with the JDK's literal parser (never a name lookup). The host bits of a network are cleared:
     * {@code 192.0.2.7/24} is {@code 192.0.2.0/24}.
     *
     * @param text an address or a network
     * @return the target
     * @throws IllegalArgumentException when the text is not an IP address literal with an
     *     optional prefix length in range (a zone such as {@code %eth0} is refused)
     */
    public static BanTarget parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress parsed;
        try {
            if (address.indexOf('%') >= 0) {
                throw new IllegalArgumentException("zone");
            }
            parsed = InetAddress.ofLiteral(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP address or network: " + printable(text));
        }
        byte[] bytes = parsed.getAddress();
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            if (!digits.matches("[0-9]{1,3}") || Integer.parseInt(digits) > prefix) {
                throw new IllegalArgumentException("not an IP address or network: " + printable(text)
                        + " (prefix length 0.." + prefix + ")");
            }
            prefix = Integer.parseInt(digits);
        }
        return of(bytes, prefix);
    }

    /**
     * @param text an address
     * @param network whether to ban the address's network ({@value #IPV4_NETWORK_PREFIX} for IPv4,
     *     {@value #IPV6_NETWORK_PREFIX} for IPv6) rather than the address
     * @return the target
     * @throws IllegalArgumentException when the text is not an IP address literal
     */
    public static BanTarget parse(String text, boolean network) {
        BanTarget address = parse(text);
        if (!network) {
            return address;
        }
        return of(address.bytes, address.ipv4() ? IPV4_NETWORK_PREFIX : IPV6_NETWORK_PREFIX);
    }

    /**
     * @param bytes an address's bytes
     * @param prefix a prefix length in range
     * @return the network of that prefix containing the address
     */
    public static BanTarget of(byte[] bytes, int prefix) {
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("prefix /" + prefix + " out of range");
        }
        BigInteger masked = new BigInteger(1, bytes).and(mask(bytes.length, prefix));
        return new BanTarget(toBytes(masked, bytes.length), prefix);
    }

    /** @return whether this is an IPv4 target */
    public boolean ipv4() {
        return bytes.length == 4;
    }

    /** @return whether this is one address rather than a network */
    public boolean single() {
        return prefix == bytes.length * 8;
    }

    /** @return the first address of the target, as an unsigned number */
    public BigInteger first() {
        return new BigInteger(1, bytes);
    }

    /** @return the last address of the target, as an unsigned number */
    public BigInteger last() {
        return first().add(BigInteger.ONE.shiftLeft(bytes.length * 8 - prefix)).subtract(BigInteger.ONE);
    }

    /** @return the address's bytes (a copy) */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * @return the canonical text: {@code 192.0.2.1}, {@code 2001:db8::1},
     *     {@code 192.0.2.0/24}; the form nft scripts and the state file use
     */
    public String text() {
        String address = address(first(), bytes.length);
        return single() ? address : address + "/" + prefix;
    }

    /**
     * @param value an unsigned number below 2^32 (IPv4) or 2^128 (IPv6)
     * @param length 4 or 16
     * @return the address in dotted (IPv4) or RFC 5952 (IPv6, e.g. {@code 2001:db8::1}) form
     */
    static String address(BigInteger value, int length) {
        try {
            byte[] bytes = toBytes(value, length);
            // Inet6Address even for ::ffff:0:0/96, which InetAddress.getByAddress would turn into IPv4.
            return NetworkAddresses.text(length == 4 ? InetAddress.getByAddress(bytes)
                    : Inet6Address.getByAddress(null, bytes, -1));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + length, e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BanTarget that && prefix == that.prefix && java.util.Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes) * 31 + prefix;
    }

    @Override
    public String toString() {
        return text();
    }

    /** @return the mask with {@code prefix} leading one bits over {@code length} bytes */
    private static BigInteger mask(int length, int prefix) {
        int bits = length * 8;
        BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        return all.shiftRight(bits - prefix).shiftLeft(bits - prefix);
    }

    private static byte[] toBytes(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, bytes, length - copy, copy);
        return bytes;
    }

    /** A refused text, shortened and with control characters shown as hexadecimal, for messages. */
    private static String printable(String text) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        StringBuilder out = new StringBuilder("'");
        for (char c : shown.toCharArray()) {
            out.append(c < 0x20 || c == 0x7F ? "\\x" + HexFormat.of().toHexDigits((byte) c) : String.valueOf(c));
        }
        return out.append('\'').toString();
    }
}
