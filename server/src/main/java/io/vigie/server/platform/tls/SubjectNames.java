package io.vigie.server.platform.tls;

import java.net.InetAddress;
import java.net.URI;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names that the generated server certificate must carry as subject alternative names. Agents
 * pin the CA rather than check host names, but operators' tools ({@code curl}, a browser, a
 * monitoring probe) do check them, so the certificate names every way this machine is reached.
 *
 * <p>Invariants: DNS names are lower case without a trailing dot; an IP literal is always an IP
 * name, never a DNS name; the sets keep insertion order, so that the certificate lists the names
 * in a stable order.
 *
 * @param dnsNames DNS names
 * @param ipAddresses IP addresses
 */
record SubjectNames(Set<String> dnsNames, Set<InetAddress> ipAddresses) {

    private static final Logger log = LoggerFactory.getLogger(SubjectNames.class);

    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    SubjectNames {
        dnsNames = Collections.unmodifiableSet(new LinkedHashSet<>(dnsNames));
        ipAddresses = Collections.unmodifiableSet(new LinkedHashSet<>(ipAddresses));
    }

    /**
     * The names of the agent endpoint: {@code localhost}, {@code 127.0.0.1}, {@code ::1}, the
     * machine's host name, the host of the public URL and every configured extra name.
     *
     * @param machineHostName this machine's host name, when known; skipped with a warning when it
     *     is not a valid DNS name (an operator cannot fix it through Vigie's configuration)
     * @param publicUrl the URL that agents use, when configured
     * @param extraNames {@code vigie.agent-api.hostnames}: DNS names or IP literals; blank entries
     *     are ignored
     * @return the names
     * @throws IllegalArgumentException naming the setting when an extra name is neither a DNS name
     *     nor an IP literal
     */
    static SubjectNames forAgentEndpoint(Optional<String> machineHostName, Optional<URI> publicUrl,
            Collection<String> extraNames) {
        Builder names = new Builder();
        names.add("localhost");
        names.add("127.0.0.1");
        names.add("::1");
        machineHostName.ifPresent(host -> {
            if (!names.tryAdd(host)) {
                log.warn("the host name of this machine is not a valid DNS name, left out of the TLS certificate: {}",
                        host);
            }
        });
        publicUrl.map(URI::getHost).ifPresent(host -> {
            if (!names.tryAdd(host)) {
                throw new IllegalArgumentException("vigie.agent-api.public-url: invalid host name " + host);
            }
        });
        for (String name : extraNames) {
            if (name != null && !name.isBlank() && !names.tryAdd(name.strip())) {
                throw new IllegalArgumentException("vigie.agent-api.hostnames: \"" + name.strip()
                        + "\" is neither a DNS name nor an IP address");
            }
        }
        return new SubjectNames(names.dns, names.ips);
    }

    /** @return the names as the X.509 extension value */
    GeneralNames toGeneralNames() {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        ipAddresses.forEach(ip -> names.add(
                new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.getAddress()))));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    /**
     * Tells whether a certificate carries every one of these names.
     *
     * @param certificate the certificate
     * @return true when each name is among its subject alternative names
     */
    boolean coveredBy(X509Certificate certificate) {
        Builder present = new Builder();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries == null) {
                return dnsNames.isEmpty() && ipAddresses.isEmpty();
            }
            for (List<?> entry : entries) {
                int type = (Integer) entry.get(0);
                if (type == GeneralName.dNSName || type == GeneralName.iPAddress) {
                    present.tryAdd(String.valueOf(entry.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return present.dns.containsAll(dnsNames) && present.ips.containsAll(ipAddresses);
    }

    /**
     * Sorts names into DNS names and IP addresses, rejecting anything else. An IP literal is parsed
     * without any name lookup.
     */
    private static final class Builder {
        private final Set<String> dns = new LinkedHashSet<>();
        private final Set<InetAddress> ips = new LinkedHashSet<>();

        void add(String name) {
            if (!tryAdd(name)) {
                throw new IllegalArgumentException(name);
            }
        }

        boolean tryAdd(String name) {
            String value = name.strip();
            if (value.startsWith("[") && value.endsWith("]")) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.contains(":") || IPV4_LITERAL.matcher(value).matches()) {
                int scope = value.indexOf('%');
                try {
                    ips.add(InetAddress.ofLiteral(scope < 0 ? value : value.substring(0, scope)));
                    return true;
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
            String dnsName = value.toLowerCase(Locale.ROOT);
            if (dnsName.endsWith(".")) {
                dnsName = dnsName.substring(0, dnsName.length() - 1);
            }
            if (dnsName.length() > 253 || !DNS_NAME.matcher(dnsName).matches()) {
                return false;
            }
            dns.add(dnsName);
            return true;
        }
    }
}
