package io.vigie.server.uptime;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a monitor's target and HTTP status specification. Shared by the validation of what an
 * operator enters and by the checks, so that a target accepted is a target the check can use.
 * Every method throws {@link IllegalArgumentException} with an English message on bad input.
 */
final class MonitorTargets {

    private static final Pattern HOST = Pattern.compile(
            "^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\\.?$");
    private static final Pattern STATUS_PART = Pattern.compile("^(\\d{3})(?:-(\\d{3}))?$");

    private MonitorTargets() {
    }

    /**
     * @param target an absolute URL
     * @return the URL of an HTTP check
     */
    static URI httpUrl(String target) {
        try {
            URI uri = new URI(target.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("must be an http:// or https:// URL");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new IllegalArgumentException("must be an http:// or https:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("must be an http:// or https:// URL");
        }
    }

    /**
     * @param target {@code host:port} or {@code [IPv6]:port}
     * @return the unresolved address of a TCP check
     */
    static InetSocketAddress tcpAddress(String target) {
        String value = target.strip();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("must be host:port");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("must be host:port");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be host:port");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the port must be between 1 and 65535");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * @param target a host name
     * @return the name of a DNS check
     */
    static String dnsName(String target) {
        String value = target.strip();
        if (value.length() > 253 || !HOST.matcher(value).matches()) {
            throw new IllegalArgumentException("must be a DNS name");
        }
        return value;
    }

    /**
     * Checks a status specification: comma-separated codes ({@code 200}) and ranges ({@code 200-399}).
     *
     * @param spec the specification
     * @return it, without spaces
     */
    static String statusSpec(String spec) {
        String value = spec.replace(" ", "");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("must list status codes or ranges, e.g. 200-399");
        }
        for (String part : value.split(",", -1)) {
            var m = STATUS_PART.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("must list status codes or ranges, e.g. 200-399");
            }
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            if (from < 100 || to > 599 || from > to) {
                throw new IllegalArgumentException("status codes go from 100 to 599, ranges low-high");
            }
        }
        return value;
    }

    /**
     * @param spec a valid specification
     * @param status an HTTP status
     * @return whether the specification accepts it
     */
    static boolean accepts(String spec, int status) {
        for (String part : spec.split(",")) {
            int dash = part.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
            if (status >= from && status <= to) {
                return true;
            }
        }
        return false;
    }
}
